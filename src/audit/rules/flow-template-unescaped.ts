// NRS-FLOW-004: template nodes that paste an outsider's text into a page unescaped ({{{ }}}).
import { isReachable } from "../facts";
import { capped, exposedPaths, uniqueNodes } from "../flows/exposure";
import { type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-004");

const rule: Rule = {
  id: "NRS-FLOW-004",
  area: "flows",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
        ...(isReachable(facts) ? [] : [msg("onlyThisMachineCanConnect")]),
      ],
      nodes: uniqueNodes(paths.flatMap((p) => [p.source.node, p.sink.node])),
    };
  },
};

export default rule;
