// NRS-FLOW-003: passwords, keys and home-made logins written into function, change, switch and template nodes.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-003",
  area: "secrets",
  title: "Passwords or keys are written into flow nodes",
  passTitle: "No passwords or keys are written into flow nodes",
  why:
    "A password, token or key typed into a function, change, switch or template node is stored in plain text " +
    "in flows.json: anyone with editor access can read it, and it travels with every export, backup and " +
    "shared flow. A login made by comparing a password in a function node has no hashing, no lockout and " +
    "no sessions, so it is easy to guess or to leak.",
  fix: [
    "For a login: replace the function node check with an auth gate node and an auth users node (passwords are hashed and stored only in Node-RED's encrypted credentials).",
    "For keys and tokens: put them in an environment variable (Node-RED's env.get(\"NAME\") in a function, or $env('NAME') in a change node) or in a node's credentials, never in its code.",
    "Then change the password or key that was written in the flow: consider it known.",
  ],
  docs: "https://nodered.org/docs/user-guide/environment-variables",
  settingsKeys: ["flowFile"],
  maxSeverity: "high",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows) return "not-applicable";
    if (flows.secrets.length === 0) {
      const scanned = ["function", "change", "switch", "template"].some((t) => countOf(flows, t) > 0);
      return scanned ? { pass: true } : "not-applicable";
    }
    return {
      severity: "high",
      details: capped(
        flows.secrets.flatMap((s) =>
          s.kinds.map((k) => `${s.node.type} ${nodeName(s.node)}${s.disabled ? " (disabled, still saved)" : ""}: ${k}`),
        ),
      ),
      nodes: uniqueNodes(flows.secrets.map((s) => s.node)),
    };
  },
};

export default rule;
