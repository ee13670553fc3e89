// Reads the flow configuration into FlowFacts: the doors outsiders can send messages through, the
// dangerous nodes those messages reach, credentials written into nodes, TLS and plain-text connections,
// and how this package's own nodes are set up. Pure and never throwing: the caller passes what it read.
import { normalizePath } from "../collect-doors";
import { FlowGraph, type GateMode } from "./graph";
import { describeNode, ref, str, type RawNode } from "./raw-node";
import { hostOnly, isLocalHost, plainHttpHost } from "./hosts";
import { CODE_TYPES, scanNode } from "./secrets";
import type {
  AuthGateFacts,
  AuthUsersFacts,
  FlowFacts,
  FlowSink,
  FlowSource,
  HttpEndpointFacts,
  PlainOutboundFacts,
  SecretFacts,
  SecretsReadFacts,
  SinkKind,
  TlsNoVerifyFacts,
  UnescapedTemplateFacts,
} from "./types";

export interface FlowInput {
  /** The flow configuration: the flows file's array, or the deployed nodes. */
  readonly flows: unknown;
  /**
   * Per auth-users node id: how many of its enabled users have a password. Only the runtime knows (from
   * the node's credentials); leave it out when unknown.
   */
  readonly usersWithPasswords?: Readonly<Record<string, number>>;
}

/** node-red-dashboard widgets a visitor can send a message from. */
export const DASHBOARD1_INPUTS: ReadonlySet<string> = new Set([
  "ui_button",
  "ui_text_input",
  "ui_form",
  "ui_dropdown",
  "ui_slider",
  "ui_switch",
  "ui_numeric",
  "ui_date_picker",
  "ui_colour_picker",
  "ui_template",
]);

/** FlowFuse Dashboard 2 widgets a visitor can send a message from (type names from its nodes/widgets). */
export const DASHBOARD2_INPUTS: ReadonlySet<string> = new Set([
  "ui-button",
  "ui-text-input",
  "ui-form",
  "ui-dropdown",
  "ui-slider",
  "ui-switch",
  "ui-number-input",
  "ui-radio-group",
  "ui-button-group",
  "ui-file-input",
  "ui-template",
]);

/** Most nodes all walks together may visit: beyond it, sources are left unwalked and counted. */
export const WALK_BUDGET = 2_000_000;
const DASHBOARD2_DEFAULT_PATH = "/dashboard";

/** Triple mustache `{{{x}}}` or `{{& x}}`: Mustache leaves the value unescaped. */
const UNESCAPED = /\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/;

function sinkKind(node: RawNode): SinkKind | undefined {
  switch (node.type) {
    case "exec":
      return "exec";
    case "daemon":
      return "daemon";
    case "file":
      return "file";
    case "template":
      return isUnescapedTemplate(node) ? "template-unescaped" : undefined;
    default:
      return undefined;
  }
}

function isUnescapedTemplate(node: RawNode): boolean {
  const syntax = str(node.syntax) ?? "mustache";
  return syntax === "mustache" && typeof node.template === "string" && UNESCAPED.test(node.template);
}

function httpUrl(node: RawNode): string | undefined {
  const url = str(node.url)?.trim();
  if (!url) return undefined;
  return url.startsWith("/") ? url : `/${url}`;
}

function httpMethod(node: RawNode): string {
  const method = str(node.method)?.trim().toLowerCase() || "get";
  return method === "*" ? "ANY" : method.toUpperCase();
}

function dashboard2Path(graph: FlowGraph, widget: RawNode): string | undefined {
  const group = graph.byId(widget.group);
  const page = group ? graph.byId(group.page) : undefined;
  const base = page ? graph.byId(page.ui) : undefined;
  if (base?.type !== "ui-base") return undefined;
  const path = str(base.path)?.trim();
  return normalizePath(path ? path : DASHBOARD2_DEFAULT_PATH);
}

function describeSource(graph: FlowGraph, node: RawNode): Omit<FlowSource, "reaches"> | undefined {
  const type = String(node.type);
  if (type === "http in") {
    const url = httpUrl(node);
    if (url === undefined) return undefined; // Node-RED registers no route without a URL.
    const method = httpMethod(node);
    return { node: ref(node), kind: "http-in", label: `http in ${method} ${url}`, method, path: url };
  }
  if (type === "websocket in") {
    if (str(node.client)) return undefined; // Client mode connects out.
    const listener = graph.byId(node.server);
    const path = listener?.type === "websocket-listener" ? str(listener.path)?.trim() : undefined;
    if (!path || /^wss?:\/\//i.test(path)) return undefined;
    const p = normalizePath(path);
    return { node: ref(node), kind: "websocket-in", label: `websocket in ${p}`, path: p };
  }
  if (type === "mqtt in") {
    const topic = str(node.topic)?.trim();
    return { node: ref(node), kind: "mqtt-in", label: topic ? `mqtt in ${topic}` : describeNode(node) };
  }
  if ((type === "tcp in" && node.server !== "client") || type === "udp in") {
    const port = str(node.port)?.trim() ?? (typeof node.port === "number" ? String(node.port) : "");
    return { node: ref(node), kind: "network-in", label: port ? `${type} port ${port}` : describeNode(node) };
  }
  if (DASHBOARD1_INPUTS.has(type)) {
    return { node: ref(node), kind: "dashboard1", label: `node-red-dashboard ${describeNode(node)}` };
  }
  if (DASHBOARD2_INPUTS.has(type)) {
    const path = dashboard2Path(graph, node);
    return {
      node: ref(node),
      kind: "dashboard2",
      label: `Dashboard 2 ${describeNode(node)}`,
      ...(path === undefined ? {} : { dashboardPath: path }),
    };
  }
  return undefined;
}

/** The bits set in a bit set from FlowGraph.closure(), in order. */
function bitsOf(set: Uint32Array): number[] {
  const bits: number[] = [];
  for (let w = 0; w < set.length; w++) {
    let word = set[w] ?? 0;
    while (word !== 0) {
      const low = word & -word;
      bits.push(w * 32 + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return bits;
}

/**
 * Which marked nodes (as bits) a message sent by `i` reaches: from the precomputed closure when `i` sits
 * outside subflow definitions, else by a walk of its own (a source inside a subflow leaves through every
 * instance of it).
 */
function reachedFrom(
  graph: FlowGraph,
  i: number,
  mode: GateMode,
  marks: ReadonlyMap<number, number>,
  closure: () => (j: number) => Uint32Array,
): number[] {
  if (marks.size === 0) return [];
  if (graph.defOf(i) === undefined) return bitsOf(FlowGraph.fromSender(graph, i, closure(), marks.size));
  const found: number[] = [];
  graph.walk(i, mode, (j) => {
    const bit = marks.get(j);
    if (bit !== undefined) found.push(bit);
  });
  return found.sort((a, b) => a - b);
}

function tlsNoVerify(graph: FlowGraph): TlsNoVerifyFacts[] {
  const unverified = graph.nodes.filter(
    (n) => n.type === "tls-config" && (n.verifyservercert === false || n.verifyservercert === "false"),
  );
  if (unverified.length === 0) return [];
  const users = new Map<string, RawNode[]>(unverified.map((n) => [String(n.id), []]));
  for (const node of graph.nodes) {
    const tls = str(node.tls);
    if (tls !== undefined) users.get(tls)?.push(node);
  }
  return unverified.map((n) => ({ node: ref(n), usedBy: (users.get(String(n.id)) ?? []).map(ref) }));
}

function mqttBrokerPlain(node: RawNode): string | undefined {
  const broker = str(node.broker)?.trim();
  if (!broker) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(broker)?.[1]?.toLowerCase();
  let host: string;
  let port = str(node.port)?.trim() ?? (typeof node.port === "number" ? String(node.port) : "");
  if (scheme !== undefined) {
    if (scheme !== "mqtt" && scheme !== "ws" && scheme !== "tcp") return undefined;
    try {
      const url = new URL(broker);
      host = url.hostname;
      port = url.port || port;
    } catch {
      return undefined;
    }
  } else {
    if (node.usetls === true || node.usetls === "true" || port === "8883") return undefined;
    host = broker;
  }
  if (host === "" || /[{}$]/.test(host) || isLocalHost(host)) return undefined;
  const shown = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return port ? `${shown}:${port}` : shown;
}

function plainOutbound(graph: FlowGraph): PlainOutboundFacts[] {
  const found: PlainOutboundFacts[] = [];
  for (const node of graph.nodes) {
    if (node.type === "http request") {
      const host = plainHttpHost(str(node.url) ?? "");
      if (host !== undefined && !isLocalHost(hostOnly(host)))
        found.push({ node: ref(node), kind: "http request", host });
    } else if (node.type === "mqtt-broker") {
      const host = mqttBrokerPlain(node);
      if (host !== undefined) found.push({ node: ref(node), kind: "mqtt-broker", host });
    }
  }
  return found;
}

function cost(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function usersNodes(graph: FlowGraph, input: FlowInput): AuthUsersFacts[] {
  const counts: unknown = input.usersWithPasswords;
  return graph.nodes
    .filter((n) => n.type === "auth-users")
    .map((n) => {
      const accounts = Array.isArray(n.accounts) ? (n.accounts as unknown[]) : [];
      const users = accounts.filter(
        (u): u is Record<string, unknown> =>
          typeof u === "object" && u !== null && typeof (u as Record<string, unknown>).username === "string",
      );
      const named = users.filter((u) => String(u.username).trim() !== "");
      const withPw =
        typeof counts === "object" && counts !== null ? (counts as Record<string, unknown>)[String(n.id)] : undefined;
      const c = cost(n.cost);
      return {
        node: ref(n),
        ...(c === undefined ? {} : { cost: c }),
        users: named.length,
        enabledUsers: named.filter((u) => u.enabled !== false).length,
        ...(typeof withPw === "number" && Number.isInteger(withPw) && withPw >= 0
          ? { enabledWithPassword: withPw }
          : {}),
      };
    });
}

function gates(graph: FlowGraph): AuthGateFacts[] {
  return graph.nodes
    .filter((n) => n.type === "auth-gate")
    .map((n) => {
      const method = n.method === "basic" || n.method === "form" ? n.method : "both";
      const id = str(n.usersConfig)?.trim();
      const users = !id ? "none-chosen" : graph.byId(id)?.type === "auth-users" ? "found" : "missing";
      return {
        node: ref(n),
        method,
        requireSecondFactor: n.requireSecondFactor === true,
        ...(id ? { usersConfig: id } : {}),
        users,
      };
    });
}

/** `outside`: indexes of the nodes where outsiders' messages come in (their payload is request data). */
function secrets(graph: FlowGraph, outside: readonly number[]): { found: SecretFacts[]; read: SecretsReadFacts } {
  const fromOutside = graph.reachableFrom(outside);
  const found: SecretFacts[] = [];
  const code: Record<string, number> = {};
  let nodes = 0;
  for (const node of graph.all) {
    const type = String(node.type);
    nodes++;
    if ((CODE_TYPES as readonly string[]).includes(type)) code[type] = (code[type] ?? 0) + 1;
    const i = graph.index.get(String(node.id));
    const kinds = scanNode(node, { fromOutside: i !== undefined && fromOutside.has(i) });
    if (kinds.length > 0) found.push({ node: ref(node), kinds, disabled: graph.disabled.has(String(node.id)) });
  }
  return { found, read: { nodes, code } };
}

/** Computes a closure once, on first use. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function collectFlowFacts(input: FlowInput): FlowFacts {
  const graph = new FlowGraph(input.flows);
  const sinks = new Map<number, FlowSink>();
  const gatesAndResponses = new Map<number, number>();
  const responses = new Map<number, number>();
  graph.nodes.forEach((node, i) => {
    const kind = sinkKind(node);
    if (kind !== undefined && graph.runs(i)) sinks.set(i, { node: ref(node), kind, label: describeNode(node) });
    if (node.type === "http response") {
      responses.set(i, responses.size);
      gatesAndResponses.set(i, gatesAndResponses.size);
    } else if (node.type === "auth-gate") {
      gatesAndResponses.set(i, gatesAndResponses.size);
    }
  });
  const sinkList = [...sinks.values()];
  const sinkBits = new Map([...sinks.keys()].map((i, b) => [i, b]));
  const gateBits = new Set(
    [...gatesAndResponses].filter(([i]) => graph.nodes[i]?.type === "auth-gate").map(([, b]) => b),
  );
  const sinkReach = lazy(() => graph.closure("denied-continues", sinkBits, sinkBits.size));
  const stopReach = lazy(() => graph.closure("stop", gatesAndResponses, gatesAndResponses.size));
  const responseReach = lazy(() => graph.closure("denied-continues", responses, responses.size));

  const sources: FlowSource[] = [];
  const sourceIndexes: number[] = [];
  const httpEndpoints: HttpEndpointFacts[] = [];
  let notWalked = 0;
  graph.nodes.forEach((node, i) => {
    const source = describeSource(graph, node);
    if (source === undefined || !graph.runs(i)) return;
    sourceIndexes.push(i);
    if (source.kind === "http-in") {
      const met = reachedFrom(graph, i, "stop", gatesAndResponses, stopReach);
      httpEndpoints.push({
        node: source.node,
        method: source.method ?? "GET",
        url: source.path ?? "/",
        gatedInFlow: met.length > 0 && met.every((b) => gateBits.has(b)),
      });
    }
    if (graph.defOf(i) !== undefined && graph.visits > WALK_BUDGET) {
      notWalked++;
      sources.push({ ...source, reaches: [] });
      return;
    }
    const reached = reachedFrom(graph, i, "denied-continues", sinkBits, sinkReach);
    sources.push({ ...source, reaches: reached.flatMap((b) => sinkList[b] ?? []) });
  });
  const unescapedTemplates: UnescapedTemplateFacts[] = [];
  for (const [i, sink] of sinks) {
    if (sink.kind !== "template-unescaped") continue;
    const feedsResponse = reachedFrom(graph, i, "denied-continues", responses, responseReach).length > 0;
    unescapedTemplates.push({ node: sink.node, feedsResponse });
  }
  const typeCounts: Record<string, number> = {};
  for (const node of graph.nodes) {
    const type = String(node.type);
    // Own-property counts only: a node type called "__proto__" or "constructor" must not confuse them.
    typeCounts[type] = (Object.hasOwn(typeCounts, type) ? (typeCounts[type] ?? 0) : 0) + 1;
  }
  const secretScan = secrets(graph, sourceIndexes);
  return {
    activeNodes: graph.nodes.filter((n) => n.type !== "tab").length,
    typeCounts,
    httpEndpoints,
    sources,
    sinks: [...sinks.values()],
    unescapedTemplates,
    secrets: secretScan.found,
    secretsRead: secretScan.read,
    tlsNoVerify: tlsNoVerify(graph),
    plainOutbound: plainOutbound(graph),
    gates: gates(graph),
    usersNodes: usersNodes(graph, input),
    ...(notWalked > 0 ? { sourcesNotWalked: notWalked } : {}),
  };
}
