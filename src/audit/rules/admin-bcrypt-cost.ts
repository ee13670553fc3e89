// NRS-ADMIN-003: an adminAuth bcrypt hash is cheaper than cost 10.
import { DOCS, PASS, type Rule } from "../rule";
import { MIN_BCRYPT_COST, adminUsers } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-003");

const rule: Rule = {
  id: "NRS-ADMIN-003",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle", { minCost: String(MIN_BCRYPT_COST) }),
  why: msg("why", { minCost: String(MIN_BCRYPT_COST) }),
  fix: [msg("fix.0"), msg("fix.1")],
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
      details: cheap.map((u) => msg("cost", { username: u.username, cost: String(u.password.cost) })),
    };
  },
};

export default rule;
