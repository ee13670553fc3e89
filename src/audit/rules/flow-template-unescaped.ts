// NRS-FLOW-004: template nodes that paste an outsider's text into a page unescaped ({{{ }}}).
import { isReachable } from "../facts";
import { capped, exposedPaths, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-004",
  area: "flows",
  title: "A template puts outsiders' text into pages without escaping it",
  passTitle: "Templates escape what outsiders send",
  why:
    "Triple braces `{{{ }}}` (or `{{& }}`) in a template node insert a value exactly as it is, HTML and " +
    "scripts included. When that value comes from a request, websocket, MQTT topic or dashboard, a " +
    "stranger can put a script into the page (cross-site scripting) and act as whoever views it.",
  fix: [
    "Use double braces `{{ }}` in the template nodes listed below: Mustache then escapes <, > and quotes.",
    "If the HTML is meant to be inserted, build it in the flow from fixed pieces, or check the incoming value against what you expect before the template.",
    "And put an auth gate in front of the source so strangers cannot send anything at all.",
  ],
  docs: "https://nodered.org/docs/user-guide/nodes#template",
  settingsKeys: ["flowFile"],
  maxSeverity: "high",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || flows.unescapedTemplates.length === 0) return "not-applicable";
    const paths = exposedPaths(facts, ["template-unescaped"]);
    if (paths.length === 0) return { pass: true };
    const toBrowser = new Set(flows.unescapedTemplates.filter((t) => t.feedsResponse).map((t) => t.node.id));
    const direct = paths.some((p) => toBrowser.has(p.sink.node.id));
    return {
      severity: direct ? "high" : "medium",
      details: [
        ...capped(
          paths.map(
            (p) => `${p.source.label} → ${p.sink.label}${toBrowser.has(p.sink.node.id) ? " → http response" : ""}`,
          ),
        ),
        ...(isReachable(facts)
          ? []
          : ["Only this machine can connect to Node-RED, but MQTT and proxies may still bring outside text in."]),
      ],
      nodes: uniqueNodes(paths.flatMap((p) => [p.source.node, p.sink.node])),
    };
  },
};

export default rule;
