// NRS-ADMIN-002: an adminAuth user's password is not a bcrypt hash.
import { DOCS, PASS, type Rule } from "../rule";
import { adminUsers, describeHashKind, labelled } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-002");

const rule: Rule = {
  id: "NRS-ADMIN-002",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `password: "{{HASH}}",`,
  docs: DOCS.hashPw,
  settingsKeys: ["adminAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const users = adminUsers(facts);
    if (users === undefined) return "not-applicable";
    const bad = users.filter((u) => u.password.kind !== "bcrypt");
    if (bad.length === 0) return PASS;
    return {
      severity: "high",
      details: bad.map((u) => labelled(u.username, describeHashKind(u.password.kind))),
    };
  },
};

export default rule;
