// Reads the settings of any node (not its code) for credentials that Node-RED then keeps in plain text in
// flows.json: a URL with a user name and password (`http://admin:…@192.168.1.64/snapshot.jpg` in an http
// request node, `mqtt://u:…@broker` in an mqtt-broker, `ws://…` in a websocket-client, `postgres://u:…@host/db`
// or `mongodb://…` in a database config node, or anywhere else), a password typed into a plain field named
// like one (a database or service config node whose password belongs in its credentials), an inject node
// that sets a secret-named property to a fixed string, and fixed secret headers in an http request node.
// The node's `credentials` are Node-RED's own encrypted store and are not read.
import { str, type RawNode } from "./raw-node";
import { hasUrlPassword, scanStringContent } from "./string-secrets";
import { KIND, isSecretLiteral, isSecretName, plainEnvKind, plainFieldKind, urlFieldKind } from "./secret-words";

/** Fields that are not settings, or whose code other readers go through. */
const SKIPPED = new Set(["id", "type", "z", "g", "x", "y", "w", "h", "wires", "d", "credentials", "_users"]);
const CODE_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ["function", ["func", "initialize", "finalize"]],
  ["template", ["template"]],
  ["change", ["rules"]],
  ["switch", ["rules"]],
]);
/** Typed-input types whose value is a name to look up, not the secret itself. */
const LOOKUP_TYPES = new Set(["msg", "flow", "global", "env", "jsonata", "cred", "node"]);
/** A property path such as "oauth2Response.access_token": the name of where a secret is, not a secret. */
const PROPERTY_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const MAX_VALUES = 500;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `holder[key]` is a typed input set to look its value up elsewhere (`passwordType: "env"`). */
function looksUp(holder: Record<string, unknown>, key: string): boolean {
  for (const suffix of ["Type", "type", "FieldType", "_type", "t"]) {
    const t = str(holder[`${key}${suffix}`]);
    if (t !== undefined && LOOKUP_TYPES.has(t)) return true;
  }
  return false;
}

/** inject: `{ p: "token", v: "…", vt: "str" }` sets a secret-named property to a fixed string. */
function injectProps(node: RawNode, kinds: Set<string>): void {
  const props = Array.isArray(node.props) ? (node.props as unknown[]) : [];
  for (const p of props) {
    if (!isObject(p)) continue;
    const name = str(p.p) ?? "";
    const value = name === "payload" ? str(node.payload) : name === "topic" ? str(node.topic) : str(p.v);
    const type = name === "payload" ? str(node.payloadType) : str(p.vt);
    if (value === undefined || (type !== undefined && type !== "str")) continue;
    if (/^(?:req\.)?headers\.authorization$/i.test(name) || /authorization$/i.test(name)) {
      if (/^(?:Basic|Bearer)\s+\S{8,}/i.test(value)) kinds.add(KIND.header);
    } else if (isSecretName(name) && isSecretLiteral("secret", value)) {
      kinds.add(KIND.assign);
    }
  }
}

/** http request: a header row with a fixed Authorization or secret-named header. */
function requestHeaders(node: RawNode, kinds: Set<string>): void {
  const headers = Array.isArray(node.headers) ? (node.headers as unknown[]) : [];
  for (const h of headers) {
    if (!isObject(h)) continue;
    const name = h.keyType === "other" ? (str(h.keyValue) ?? "") : (str(h.keyType) ?? "");
    const value = str(h.valueValue);
    if (value === undefined || h.valueType !== "other") continue;
    if (/^authorization$/i.test(name)) {
      if (/^(?:Basic|Bearer)\s+\S{8,}/i.test(value)) kinds.add(KIND.header);
    } else if (isSecretName(name) && isSecretLiteral("secret", value)) {
      kinds.add(KIND.assign);
    }
  }
}

/**
 * Tabs, subflows (and their instances) and the global-config node keep environment variables in `env`:
 * `{ name, type: "str", value }` is plain text in flows.json; the "cred" type is Node-RED's encrypted store.
 */
function envEntries(node: RawNode, kinds: Set<string>): void {
  const env = Array.isArray(node.env) ? (node.env as unknown[]) : [];
  for (const e of env) {
    if (!isObject(e)) continue;
    const name = str(e.name) ?? "";
    const value = str(e.value);
    if (value === undefined || (e.type !== undefined && e.type !== "str")) continue;
    if (isSecretName(name) && isSecretLiteral("secret", value)) kinds.add(plainEnvKind(name));
  }
}

interface Visit {
  readonly kinds: Set<string>;
  /** Values left to look at: a node with a huge nested setting is not read to its end. */
  budget: number;
}

const NO_HOLDER: Record<string, unknown> = {};

function visit(
  state: Visit,
  value: unknown,
  top: string,
  key: string,
  holder: Record<string, unknown>,
  depth: number,
): void {
  if (state.budget-- <= 0) return;
  if (typeof value === "string") {
    if (hasUrlPassword(value)) state.kinds.add(urlFieldKind(top));
    else if (value.length >= 16) scanStringContent(value, state.kinds);
    if (
      key !== "" &&
      isSecretName(key) &&
      !looksUp(holder, key) &&
      !PROPERTY_PATH.test(value.trim()) &&
      isSecretLiteral("secret", value)
    ) {
      state.kinds.add(plainFieldKind(key));
    }
    return;
  }
  if (depth >= 4) return;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) visit(state, item, top, "", NO_HOLDER, depth + 1);
  } else if (isObject(value)) {
    for (const k in value) if (Object.hasOwn(value, k)) visit(state, value[k], top, k, value, depth + 1);
  }
}

/** The kinds of credentials in a node's settings (every node type). */
export function scanFields(node: RawNode): string[] {
  const state: Visit = { kinds: new Set<string>(), budget: MAX_VALUES };
  // A Map, not an object: a node type called "constructor" must find nothing.
  const skip = CODE_FIELDS.get(String(node.type)) ?? [];
  const holder = node as Record<string, unknown>;
  for (const key in holder) {
    if (!Object.hasOwn(holder, key) || SKIPPED.has(key) || skip.includes(key)) continue;
    const value = holder[key];
    // Numbers, booleans and short strings (most settings) hold no password worth a closer look.
    if (
      typeof value === "string" ? value.length >= 3 || isSecretName(key) : typeof value === "object" && value !== null
    ) {
      visit(state, value, key, key, holder, 0);
    }
  }
  envEntries(node, state.kinds);
  if (node.type === "inject") injectProps(node, state.kinds);
  if (node.type === "http request") requestHeaders(node, state.kinds);
  return [...state.kinds];
}
