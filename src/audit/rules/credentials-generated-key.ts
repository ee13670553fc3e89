// NRS-SECRET-002: no credentialSecret, so the key lives next to the credentials.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-SECRET-002",
  area: "secrets",
  title: "The credentials key is stored next to the credentials",
  passTitle: "Credentials are encrypted with your own credentialSecret",
  why:
    "Without credentialSecret, Node-RED makes a key itself and saves it in .config.runtime.json in the same " +
    "folder as the encrypted credentials. Anyone who copies that folder, or a backup of it, can decrypt them.",
  fix: [
    "Set credentialSecret to a long random string, ideally from an environment variable, and keep a copy in a safe place.",
    "Restart Node-RED: it re-encrypts the credentials with your key.",
  ],
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
