// NRS-FLOW-002: exec, daemon and file-writing nodes that an outsider's message can reach.
import { isReachable } from "../facts";
import { capped, exposedPaths, uniqueNodes } from "../flows/exposure";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-002");

const rule: Rule = {
  id: "NRS-FLOW-002",
  area: "flows",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2"), msg("fix.3")],
  docs: DOCS.securing,
  settingsKeys: ["httpNodeAuth", "webSocketNodeVerifyClient"],
  maxSeverity: "critical",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows) return "not-applicable";
    const kinds = ["exec", "daemon", "file"] as const;
    const hasSinks = flows.sinks.some((k) => (kinds as readonly string[]).includes(k.kind));
    const paths = exposedPaths(facts, kinds);
    const note =
      flows.sourcesNotWalked === undefined
        ? []
        : [msg("theFlowsAreVeryLarge", { sourcesNotWalked: String(flows.sourcesNotWalked) })];
    if (paths.length === 0) {
      if (!hasSinks && note.length === 0) return "not-applicable";
      return { pass: true, ...(note.length > 0 ? { details: note } : {}) };
    }
    return {
      severity: isReachable(facts) ? "critical" : "high",
      details: [...capped(paths.map((p) => `${p.source.label} → ${p.sink.label}`)), ...note],
      nodes: uniqueNodes(paths.flatMap((p) => [p.source.node, p.sink.node])),
    };
  },
};

export default rule;
