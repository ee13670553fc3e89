// NRS-ADMIN-006: adminAuth.tokens holds static bearer tokens.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-006");

const rule: Rule = {
  id: "NRS-ADMIN-006",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: DOCS.adminAuth,
  settingsKeys: ["adminAuth"],
  maxSeverity: "low",
  evaluate(facts) {
    const auth = facts.adminAuth;
    if (auth.kind !== "credentials" && auth.kind !== "strategy") return "not-applicable";
    if (auth.tokens.kind !== "static") return { pass: true };
    return {
      severity: "low",
      details: [msg("staticTokenInAdminauthTokens", { count: String(auth.tokens.count) })],
    };
  },
};

export default rule;
