// What the audit knows about the deployed flows: a secret-free summary that the flow rules judge.
import type { FlowNodeRef } from "../types";

/** Where messages an outsider controls come in. */
export type SourceKind =
  | "http-in"
  | "websocket-in"
  | "mqtt-in"
  /** A `tcp in` listening as a server, or a `udp in`: raw ports with no login at all. */
  | "network-in"
  | "dashboard1"
  | "dashboard2";

/** A node that is dangerous to feed with an outsider's message. */
export type SinkKind = "exec" | "daemon" | "file" | "template-unescaped";

export interface FlowSink {
  readonly node: FlowNodeRef;
  readonly kind: SinkKind;
  /** How a person names it: "exec 'reboot'". */
  readonly label: string;
}

export interface FlowSource {
  readonly node: FlowNodeRef;
  readonly kind: SourceKind;
  /** How a person names it: "http in GET /run", "mqtt in home/#". */
  readonly label: string;
  /** http in: its method ("get", "post"…, or "*"). */
  readonly method?: string;
  /** http in: its URL below httpNodeRoot; websocket in: its listener's path. Leading slash. */
  readonly path?: string;
  /** Dashboard 2 widgets: the path of their ui-base, when the widget's group/page/base chain resolves. */
  readonly dashboardPath?: string;
  /** Dangerous nodes a message from here reaches without passing a login (auth gate's allowed output). */
  readonly reaches: readonly FlowSink[];
}

/** How an `http in` endpoint is answered, judged on the wires alone (settings and guards come later). */
export interface HttpEndpointFacts {
  readonly node: FlowNodeRef;
  /** Upper-case method, or "ANY" for "*". */
  readonly method: string;
  /** Its URL below httpNodeRoot, with a leading slash. */
  readonly url: string;
  /** Every path out of it meets an auth gate, and no `http response` answers before one. */
  readonly gatedInFlow: boolean;
}

/** What was found in one node's code, rules or template (never the value itself). */
export interface SecretFacts {
  readonly node: FlowNodeRef;
  /** Kinds of secret, each a "secret-kinds" message as one string (see kindOf in secret-words.ts). Deduplicated. */
  readonly kinds: readonly string[];
  readonly disabled: boolean;
}

/** What the search for written-in credentials read, so a pass claims no more than was checked. */
export interface SecretsReadFacts {
  /** Every node in the flows, disabled ones included: their settings (URLs, plain fields) were read. */
  readonly nodes: number;
  /** How many nodes of each type whose code, text or rules were read too (function, change, switch…). */
  readonly code: Readonly<Record<string, number>>;
}

export interface TlsNoVerifyFacts {
  readonly node: FlowNodeRef;
  readonly usedBy: readonly FlowNodeRef[];
}

export interface PlainOutboundFacts {
  readonly node: FlowNodeRef;
  readonly kind: "http request" | "mqtt-broker";
  /** Host (and port when given), never a user name or password. */
  readonly host: string;
}

export interface UnescapedTemplateFacts {
  readonly node: FlowNodeRef;
  /** Its output reaches an `http response`: the page goes straight to a browser. */
  readonly feedsResponse: boolean;
}

export interface AuthUsersFacts {
  readonly node: FlowNodeRef;
  /** The bcrypt cost set on the node; undefined when missing or not a number (the node then uses 12). */
  readonly cost?: number;
  readonly users: number;
  readonly enabledUsers: number;
  /** Enabled users that have a password: known only at runtime (from the node's credentials). */
  readonly enabledWithPassword?: number;
}

export interface AuthGateFacts {
  readonly node: FlowNodeRef;
  readonly method: "basic" | "form" | "both";
  /** The gate lets in only logins with a second factor (and API keys). */
  readonly requireSecondFactor: boolean;
  /** Id of its auth-users node; undefined when none is chosen. */
  readonly usersConfig?: string;
  /** "missing": the id points at no (enabled) auth-users node. */
  readonly users: "none-chosen" | "missing" | "found";
}

export interface FlowFacts {
  /** Nodes that Node-RED starts (not disabled, not on a disabled tab, not tabs themselves). */
  readonly activeNodes: number;
  /** How many nodes of each type Node-RED starts. */
  readonly typeCounts: Readonly<Record<string, number>>;
  readonly httpEndpoints: readonly HttpEndpointFacts[];
  readonly sources: readonly FlowSource[];
  /** Every dangerous node that Node-RED runs, reached or not. */
  readonly sinks: readonly FlowSink[];
  readonly unescapedTemplates: readonly UnescapedTemplateFacts[];
  readonly secrets: readonly SecretFacts[];
  readonly secretsRead: SecretsReadFacts;
  readonly tlsNoVerify: readonly TlsNoVerifyFacts[];
  readonly plainOutbound: readonly PlainOutboundFacts[];
  readonly gates: readonly AuthGateFacts[];
  readonly usersNodes: readonly AuthUsersFacts[];
  /** Set when the walk was cut short on a huge flow: some sources were not followed. */
  readonly sourcesNotWalked?: number;
}

/** What the flow audit reads. */
export interface FlowInput {
  /** The flow configuration: the flows file's array, or the deployed nodes. */
  readonly flows: unknown;
  /**
   * Per auth-users node id: how many of its enabled users have a password. Only the runtime knows (from
   * the node's credentials); leave it out when unknown.
   */
  readonly usersWithPasswords?: Readonly<Record<string, number>>;
}

/** What a secret scan knows of the node around the code. */
export interface ScanContext {
  /** The node receives messages from outside (http in, websocket, MQTT, dashboards…): its payload is request data. */
  readonly fromOutside?: boolean;
}
