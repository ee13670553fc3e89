// NRS-ADMIN-003: an adminAuth bcrypt hash is cheaper than cost 10.
import { DOCS, PASS, type Rule } from "../rule";
import { MIN_BCRYPT_COST, adminUsers } from "./common";

const rule: Rule = {
  id: "NRS-ADMIN-003",
  area: "editor",
  title: "An editor password hash is too cheap to compute",
  passTitle: `Editor password hashes use bcrypt cost ${String(MIN_BCRYPT_COST)} or more`,
  why:
    `A bcrypt cost below ${String(MIN_BCRYPT_COST)} lets anyone who gets a copy of settings.js try passwords ` +
    "several times faster. Node-RED's own example uses cost 8; current guidance (OWASP ASVS 2.4.4) asks for 10 or more.",
  fix: [
    'Make a new hash of the same or a better password with the "Hash a password" box (cost 12 by default).',
    "Replace the old hash in settings.js and restart Node-RED.",
  ],
  snippet: `password: "{{HASH}}",`,
  docs: DOCS.hashPw,
  settingsKeys: ["adminAuth"],
  maxSeverity: "medium",
  evaluate(facts) {
    const users = adminUsers(facts)?.filter((u) => u.password.cost !== undefined);
    if (users === undefined || users.length === 0) return "not-applicable";
    const cheap = users.filter((u) => (u.password.cost ?? 0) < MIN_BCRYPT_COST);
    if (cheap.length === 0) return PASS;
    return {
      severity: "medium",
      details: cheap.map((u) => `${u.username}: cost ${String(u.password.cost)}`),
    };
  },
};

export default rule;
