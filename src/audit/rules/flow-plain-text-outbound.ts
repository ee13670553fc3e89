// NRS-FLOW-006: http request and MQTT connections that cross the internet unencrypted.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-006",
  area: "transport",
  title: "Flows talk to servers on the internet without encryption",
  passTitle: "Flows use encryption to reach servers beyond this network",
  why:
    "These nodes send their data — and any password or API key that goes with it — in plain text to a " +
    "server outside your own network. Anyone along the way (public Wi-Fi, a provider, a compromised " +
    "router) can read and change it.",
  fix: [
    "For `http request`: use the https:// address of the service.",
    'For an MQTT broker: tick "Use TLS" (port 8883 usually) or use an mqtts:// / wss:// address, and add a TLS configuration.',
    "If the server only speaks plain text, reach it through a VPN or keep it on your own network.",
  ],
  docs: "https://nodered.org/docs/user-guide/runtime/securing-node-red",
  settingsKeys: ["flowFile"],
  maxSeverity: "medium",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || (!countOf(flows, "http request") && !countOf(flows, "mqtt-broker"))) return "not-applicable";
    if (flows.plainOutbound.length === 0) return { pass: true };
    return {
      severity: "medium",
      details: capped(
        flows.plainOutbound.map(
          (p) => `${p.kind} ${nodeName(p.node)}: ${p.kind === "mqtt-broker" ? "mqtt" : "http"}://${p.host}`,
        ),
      ),
      nodes: uniqueNodes(flows.plainOutbound.map((p) => p.node)),
    };
  },
};

export default rule;
