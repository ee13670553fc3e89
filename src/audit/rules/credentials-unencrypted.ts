// NRS-SECRET-001: credentialSecret: false stores credentials in clear text.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-SECRET-001",
  area: "secrets",
  title: "Node credentials are stored unencrypted",
  passTitle: "Node credentials are encrypted on disk",
  why:
    "With credentialSecret: false, every password, token and API key your nodes use is written in clear text " +
    "to the credentials file. Every backup, copy or git repository of that file then gives them away.",
  fix: [
    "Set credentialSecret to a long random string (keep a copy somewhere safe: without it the credentials are lost).",
    "Restart Node-RED and deploy once: it writes the credentials file encrypted.",
  ],
  snippet: `credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET || "{{SECRET}}",`,
  docs: DOCS.configuration,
  settingsKeys: ["credentialSecret"],
  maxSeverity: "high",
  evaluate(facts) {
    return facts.credentialSecret === "disabled" ? { severity: "high" } : { pass: true };
  },
};

export default rule;
