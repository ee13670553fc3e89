// Outbound connections a flow makes without protection: TLS configurations that skip certificate checks
// (and the nodes using them), and plain-text HTTP requests and MQTT brokers to other hosts.
import type { FlowGraph } from "./graph";
import { hostOnly, isLocalHost, plainHttpHost } from "./hosts";
import { ref, str, type RawNode } from "./raw-node";
import type { PlainOutboundFacts, TlsNoVerifyFacts } from "./types";

export function tlsNoVerify(graph: FlowGraph): TlsNoVerifyFacts[] {
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

export function plainOutbound(graph: FlowGraph): PlainOutboundFacts[] {
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
