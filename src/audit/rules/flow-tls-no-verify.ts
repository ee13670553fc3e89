// NRS-FLOW-005: tls-config nodes that accept any server certificate.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-005",
  area: "transport",
  title: "A TLS configuration accepts any server certificate",
  passTitle: "TLS configurations check server certificates",
  why:
    'With "Verify server certificate" unticked, the connection is encrypted but Node-RED does not check ' +
    "who is at the other end. Anyone on the network path can pretend to be the server, read the passwords " +
    "and data sent to it, and send back what they like.",
  fix: [
    'Open each TLS configuration listed below and tick "Verify server certificate".',
    "If the server uses a self-signed certificate, give its CA certificate to the TLS configuration instead of switching the check off.",
  ],
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
        flows.tlsNoVerify.map(
          (t) =>
            `tls-config ${nodeName(t.node)}: ${
              t.usedBy.length > 0
                ? `used by ${t.usedBy.map((u) => `${u.type} ${nodeName(u)}`).join(", ")}`
                : "used by no node yet"
            }`,
        ),
      ),
      nodes: uniqueNodes(flows.tlsNoVerify.flatMap((t) => [t.node, ...t.usedBy])),
    };
  },
};

export default rule;
