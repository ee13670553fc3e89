// NRS-SECRET-002: no credentialSecret, so the key lives next to the credentials.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-SECRET-002");

const rule: Rule = {
  id: "NRS-SECRET-002",
  area: "secrets",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET || "{{SECRET}}",`,
  docs: DOCS.configuration,
  settingsKeys: ["credentialSecret"],
  maxSeverity: "medium",
  evaluate(facts) {
    if (facts.credentialSecret === "disabled") return "not-applicable";
    return facts.credentialSecret === "generated" ? { severity: "medium" } : { pass: true };
  },
};

export default rule;
