// NRS-FLOW-005: tls-config nodes that accept any server certificate.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-005");

const rule: Rule = {
  id: "NRS-FLOW-005",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: "https://nodered.org/docs/user-guide/runtime/securing-node-red",
  settingsKeys: ["flowFile"],
  maxSeverity: "medium",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || !countOf(flows, "tls-config")) return "not-applicable";
    if (flows.tlsNoVerify.length === 0) return { pass: true };
    const used = flows.tlsNoVerify.some((t) => t.usedBy.length > 0);
    return {
      severity: used ? "medium" : "low",
      details: capped(
        flows.tlsNoVerify.map((t) =>
          msg("tlsConfig", {
            nodeName: nodeName(t.node),
            usage:
              t.usedBy.length > 0
                ? msg("usedBy", { nodes: t.usedBy.map((u) => `${u.type} ${nodeName(u)}`).join(", ") })
                : msg("usedByNoNodeYet"),
          }),
        ),
      ),
      nodes: uniqueNodes(flows.tlsNoVerify.flatMap((t) => [t.node, ...t.usedBy])),
    };
  },
};

export default rule;
