// Readings of the flow facts that the flow rules share: which http-in endpoints are open, and which
// sources of messages an outsider controls, given the settings and guards of this instance.
import { pageStates, socketStates } from "../dashboard-doors";
import type { Facts } from "../facts";
import { type Text, messages } from "../../i18n/messages";
import { describeGuard, guardFor } from "../rules/common";
import type { FlowFacts, FlowSink, FlowSource, HttpEndpointFacts } from "./types";

const msg = messages("common");

/** What keeps an `http in` endpoint closed to strangers; undefined when nothing does. */
export function endpointGuard(
  facts: Facts,
  endpoint: { readonly url: string; readonly gatedInFlow: boolean },
): Text | undefined {
  const auth = facts.httpNode.auth.kind;
  if (auth === "basic") return "httpNodeAuth";
  if (auth === "middleware") return msg("httpNodeAuthMiddleware");
  if (facts.httpNode.middleware) return msg("httpNodeMiddlewareAssumed");
  const guard = facts.doors ? guardFor(facts.doors, endpoint.url, "http") : undefined;
  if (guard) return describeGuard(guard);
  if (endpoint.gatedInFlow) return msg("authGateOnItsWires");
  return undefined;
}

/** The `http in` endpoints nothing protects. Empty when http-in routes are switched off. */
export function openEndpoints(facts: Facts): HttpEndpointFacts[] {
  if (!facts.flows || !facts.httpNode.enabled) return [];
  return facts.flows.httpEndpoints.filter((e) => endpointGuard(facts, e) === undefined);
}

function dashboardOpen(facts: Facts, source: FlowSource): boolean {
  const doors = facts.doors;
  const dashboard = source.kind === "dashboard1" ? doors?.dashboard1 : doors?.dashboard2;
  if (!doors || !dashboard) return false;
  const open = (states: ReturnType<typeof pageStates>): boolean =>
    states.some(
      (s) => s.state === "open" && (source.dashboardPath === undefined || s.door.path === source.dashboardPath),
    );
  return open(pageStates(facts, doors, dashboard)) || open(socketStates(facts, doors, dashboard));
}

/** Whether an outsider can send messages in through this source. */
export function isUntrusted(facts: Facts, source: FlowSource): boolean {
  switch (source.kind) {
    case "http-in":
      // Gates on the wires are not counted here: the walk already stopped at their allowed output, and
      // what reaches a sink went around them (or out of their denied output).
      return (
        facts.httpNode.enabled && endpointGuard(facts, { url: source.path ?? "/", gatedInFlow: false }) === undefined
      );
    case "websocket-in": {
      const doors = facts.doors;
      if (doors?.websockets.verifier === true) return false;
      return !(doors && guardFor(doors, source.path ?? "/", "websocket"));
    }
    case "mqtt-in":
    case "network-in":
      return true;
    case "dashboard1":
    case "dashboard2":
      return dashboardOpen(facts, source);
  }
}

export interface ExposedPath {
  readonly source: FlowSource;
  readonly sink: FlowSink;
}

/** Every (untrusted source → sink) pair whose sink is of one of these kinds. */
export function exposedPaths(facts: Facts, kinds: readonly FlowSink["kind"][]): ExposedPath[] {
  if (!facts.flows) return [];
  const paths: ExposedPath[] = [];
  for (const source of facts.flows.sources) {
    if (source.reaches.length === 0 || !isUntrusted(facts, source)) continue;
    for (const sink of source.reaches) if (kinds.includes(sink.kind)) paths.push({ source, sink });
  }
  return paths;
}

/** At most this many lines of details (and nodes) per finding: a huge flow must not flood the report. */
export const MAX_LISTED = 25;

/** The first MAX_LISTED lines, and one saying how many more there are. */
export function capped(lines: readonly Text[]): Text[] {
  if (lines.length <= MAX_LISTED) return [...lines];
  return [...lines.slice(0, MAX_LISTED), msg("andMore", { count: String(lines.length - MAX_LISTED) })];
}

/** Nodes without repeats, in order, at most 4 × MAX_LISTED. */
export function uniqueNodes<T extends { readonly id: string }>(nodes: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const n of nodes) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    out.push(n);
    if (out.length >= 4 * MAX_LISTED) break;
  }
  return out;
}

/** "'reboot' (a1b2)" — a node's name and id, or just its id. */
export function nodeName(node: { readonly id: string; readonly name?: string }): string {
  return node.name ? `'${node.name}' (${node.id})` : node.id;
}

/** How many nodes of this type Node-RED starts. */
export function countOf(flows: FlowFacts, type: string): number {
  return Object.hasOwn(flows.typeCounts, type) ? (flows.typeCounts[type] ?? 0) : 0;
}
