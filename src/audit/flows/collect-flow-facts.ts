// Reads the flow configuration into FlowFacts: the doors outsiders can send messages through, the
// dangerous nodes those messages reach, credentials written into nodes, TLS and plain-text connections,
// and how this package's own nodes are set up. Pure and never throwing: the caller passes what it read.
import { FlowGraph, type GateMode } from "./graph";
import { describeNode, ref, str, type RawNode } from "./raw-node";
import { plainOutbound, tlsNoVerify } from "./connections";
import { gates, usersNodes } from "./own-nodes";
import { CODE_TYPES, scanNode } from "./secrets";
import { describeSource } from "./sources";
import type {
  FlowFacts,
  FlowSink,
  FlowSource,
  HttpEndpointFacts,
  SecretFacts,
  SecretsReadFacts,
  SinkKind,
  UnescapedTemplateFacts,
  FlowInput,
} from "./types";

/** Most nodes all walks together may visit: beyond it, sources are left unwalked and counted. */
export const WALK_BUDGET = 2_000_000;

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
