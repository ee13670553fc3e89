// NRS-FLOW-006: http request and MQTT connections that cross the internet unencrypted.
import { capped, countOf, nodeName, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-006");

const rule: Rule = {
  id: "NRS-FLOW-006",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
