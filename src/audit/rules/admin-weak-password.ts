// NRS-ADMIN-004: an adminAuth password is one of the most common passwords.
import { COMMON_PASSWORDS } from "../../auth/password-hash";
import { DOCS, type Rule } from "../rule";
import { adminUsers, describeWeakness, labelled } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-004");

const rule: Rule = {
  id: "NRS-ADMIN-004",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
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
        details: [msg("checkedAgainstTheMostCommon", { length: String(COMMON_PASSWORDS.length) })],
      };
    }
    return {
      severity: "critical",
      details: weak.map((u) => labelled(u.username, describeWeakness(u.password.weak))),
    };
  },
};

export default rule;
