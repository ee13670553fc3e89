// NRS-FLOW-003: passwords, keys and home-made logins written into function, change, switch and template nodes.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";
import { messages } from "../messages";

const msg = messages("NRS-FLOW-003");

const rule: Rule = {
  id: "NRS-FLOW-003",
  area: "secrets",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
          s.kinds.map((k) =>
            msg(s.disabled ? "secretInDisabledNode" : "secretInNode", {
              type: s.node.type,
              name: nodeName(s.node),
              kind: k,
            }),
          ),
        ),
      ),
      nodes: uniqueNodes(flows.secrets.map((s) => s.node)),
    };
  },
};

export default rule;
