// NRS-SECRET-001: credentialSecret: false stores credentials in clear text.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-SECRET-001");

const rule: Rule = {
  id: "NRS-SECRET-001",
  area: "secrets",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET || "{{SECRET}}",`,
  docs: DOCS.configuration,
  settingsKeys: ["credentialSecret"],
  maxSeverity: "high",
  evaluate(facts) {
    return facts.credentialSecret === "disabled" ? { severity: "high" } : { pass: true };
  },
};

export default rule;
