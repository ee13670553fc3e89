// NRS-ADMIN-004: an adminAuth password is one of the most common passwords.
import { COMMON_PASSWORDS } from "../password-hash";
import { DOCS, type Rule } from "../rule";
import { adminUsers, describeWeakness } from "./common";

const rule: Rule = {
  id: "NRS-ADMIN-004",
  area: "editor",
  title: "An editor password is a well-known password",
  passTitle: "Editor passwords are not among the most common passwords",
  why:
    "Attackers try the example password from Node-RED's settings template and the most common passwords " +
    "first, by hand or with scripts that scan the internet. A login protected by one of them is as good as open.",
  fix: [
    "Choose a long password that you do not use anywhere else (a passphrase of four or more words works well).",
    'Hash it with the "Hash a password" box, put the hash into adminAuth in settings.js and restart Node-RED.',
  ],
  snippet: `password: "{{HASH}}",`,
  docs: DOCS.hashPw,
  settingsKeys: ["adminAuth"],
  maxSeverity: "critical",
  evaluate(facts) {
    const users = adminUsers(facts)?.filter((u) => u.password.weak !== "not-checked");
    if (users === undefined || users.length === 0) return "not-applicable";
    const weak = users.filter((u) => u.password.weak === "known-weak" || u.password.weak === "template-example");
    if (weak.length === 0) {
      return {
        pass: true,
        details: [
          `Checked against the ${String(COMMON_PASSWORDS.length)} most common passwords (fewer for very slow hashes).`,
        ],
      };
    }
    return {
      severity: "critical",
      details: weak.map((u) => `${u.username}: ${describeWeakness(u.password.weak)}`),
    };
  },
};

export default rule;
