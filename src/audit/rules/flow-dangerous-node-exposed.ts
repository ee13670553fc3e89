// NRS-FLOW-002: exec, daemon and file-writing nodes that an outsider's message can reach.
import { isReachable } from "../facts";
import { capped, exposedPaths, uniqueNodes } from "../flows/exposure";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-002",
  area: "flows",
  title: "Outsiders can reach nodes that run commands or write files",
  passTitle: "Nodes that run commands or write files are out of outsiders' reach",
  why:
    "A message from an open endpoint, websocket, MQTT topic, TCP/UDP port or dashboard can travel along the wires to an " +
    "`exec`, `daemon` or `file` node. Whoever sends it can then run programs or overwrite files on this " +
    "machine — often the whole machine is theirs after that.",
  fix: [
    "Put an auth gate node between each source listed below and the rest of its flow, with an auth users node; keep its denied output away from these nodes.",
    "Never build a command line or a file name from message contents: fix them in the node, and check values against a short list of allowed ones in a switch node.",
    "For MQTT: give the broker users and passwords (and TLS) so only your devices can publish; for dashboards and websockets: protect them (see the dashboard and websocket findings).",
    "A `tcp in` or `udp in` port has no login at all: keep it on a trusted network (a firewall, a VPN) or have devices send through MQTT with a password instead.",
  ],
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
        : [`The flows are very large: ${String(flows.sourcesNotWalked)} source(s) were not followed.`];
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
