// Finds credentials written into flows, node by node: home-made logins (request data or a secret-named
// value compared with a fixed string) and fixed secrets in function code (script-secrets.ts, on tokens),
// in template text, in change, switch and inject rules, and passwords in any node's URLs or plain fields
// (node-fields.ts). Only the kind of thing found is reported, never the value.
//
// What is not counted as a secret (a deliberate choice):
// - empty strings, and values made only of `*`, `x`, `X`, `.`, `•` or `-` (masks such as "********");
// - template placeholders: "{{…}}", "${…}", "<…>";
// - anything that is not a string literal (env.get(...), msg.password, a variable, a node's credentials).
// A placeholder such as "changeme" or "password" IS counted: compared in a function, it is a real login
// with a guessable password. Which fixed strings count when compared with request data: secret-words.ts.
import { str, type RawNode } from "./raw-node";
import { scanFields } from "./node-fields";
import { scanJsonata, scanPropertyTest, scanScript } from "./script-secrets";
import type { ScanContext } from "./types";
import { regexLiteral } from "./string-secrets";
import { KIND, isPlaceholder, isSecretLiteral, isSecretName } from "./secret-words";

export { KIND, isPlaceholder, isSecretName } from "./secret-words";

const NAME = String.raw`[A-Za-z_$][\w$]*(?:\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*(?:"[^"\n]*"|'[^'\n]*')\s*\]))*`;
const LITERAL = String.raw`("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60(?:[^\x60\\$]|\\.)*\x60)`;
const COMPARE_AFTER = new RegExp(String.raw`(${NAME})\s*[!=]==?\s*${LITERAL}`, "g");
const COMPARE_BEFORE = new RegExp(String.raw`${LITERAL}\s*[!=]==?\s*(${NAME})`, "g");
// `password = "x"`, `password: "x"`, `"password": "x"` — not `==`, `===`, `!=`, `<=`, `>=`.
const ASSIGN = new RegExp(
  String.raw`(?:(${NAME})|"([^"\n]{1,60})"|'([^'\n]{1,60})')\s*(?:(?<![=!<>])=(?!=)|:)\s*${LITERAL}`,
  "g",
);
/** A cheap first look: a secret-like word, a key pattern, or a URL with credentials. */
const MAYBE_SECRET = /pass|pwd|\bpw\b|psk|secret|token|key|basic|bearer|akia|asia|:\/\/[^\s/@]+@/i;
const AUTH_HEADER = /(["'`])(?:Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/i;
const AWS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`]*:([^\s/@"'`]+)@/i;

function unquote(literal: string): string {
  return literal.slice(1, -1);
}

/** What kinds of written-in credentials a piece of text (a template, JSON, JSONata) holds, read as text. */
export function scanCode(code: string): string[] {
  const kinds = new Set<string>();
  // Huge blobs (embedded libraries, images) are cut: secrets sit near the top in practice.
  const text = code.length > 200_000 ? code.slice(0, 200_000) : code;
  // Most code names no secret at all: skip the costly patterns then.
  if (!MAYBE_SECRET.test(text)) return [];
  for (const m of text.matchAll(COMPARE_AFTER)) {
    if (isSecretName(m[1] ?? "") && !isPlaceholder(unquote(m[2] ?? ""))) kinds.add(KIND.compare);
  }
  for (const m of text.matchAll(COMPARE_BEFORE)) {
    if (isSecretName(m[2] ?? "") && !isPlaceholder(unquote(m[1] ?? ""))) kinds.add(KIND.compare);
  }
  for (const m of text.matchAll(ASSIGN)) {
    const name = m[1] ?? m[2] ?? m[3] ?? "";
    const value = unquote(m[4] ?? "");
    if (
      /^authorization$/i.test(
        name
          .split(/[.[\]'"]+/)
          .filter(Boolean)
          .pop() ?? "",
      )
    ) {
      if (AUTH_HEADER.test(m[4] ?? "")) kinds.add(KIND.header);
      continue;
    }
    if (isSecretName(name) && !isPlaceholder(value)) kinds.add(KIND.assign);
  }
  if (!kinds.has(KIND.header) && /authorization/i.test(text) && AUTH_HEADER.test(text)) kinds.add(KIND.header);
  if (AWS_KEY.test(text)) kinds.add(KIND.aws);
  if (PRIVATE_KEY.test(text)) kinds.add(KIND.privateKey);
  const url = URL_PASSWORD.exec(text);
  if (url && !isPlaceholder(url[1] ?? "")) kinds.add(KIND.urlPassword);
  return [...kinds];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The change node: rules that set a secret to a fixed string, or test request data against one. */
function scanChange(node: RawNode, ctx: ScanContext): string[] {
  const rules = Array.isArray(node.rules) ? (node.rules as unknown[]) : [];
  const kinds = new Set<string>();
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    const property = str(rule.p) ?? "";
    const onMsg = rule.pt === undefined || rule.pt === "msg";
    // "Change" rules replace `from` in a property: on request data, a test against a fixed string.
    if (rule.t === "change" && onMsg) {
      const from = str(rule.from);
      const value = rule.fromt === "re" && from !== undefined ? regexLiteral(from) : from;
      if (value !== undefined && (rule.fromt === undefined || rule.fromt === "str" || rule.fromt === "re")) {
        for (const k of scanPropertyTest(property, [value], ctx)) kinds.add(k);
      }
    }
    const to = str(rule.to);
    if (to === undefined) continue;
    if (rule.tot === "json" || rule.tot === "jsonata") {
      for (const k of scanCode(to)) kinds.add(k);
      if (rule.tot === "jsonata") for (const k of scanJsonata(to, ctx)) kinds.add(k);
      continue;
    }
    if (rule.t !== "set" || (rule.tot !== undefined && rule.tot !== "str")) continue;
    const last =
      property
        .split(/[.[\]'"]+/)
        .filter(Boolean)
        .pop() ?? "";
    if (/^authorization$/i.test(last)) {
      if (/^(?:Basic|Bearer)\s+\S{8,}/i.test(to)) kinds.add(KIND.header);
    } else if (isSecretName(property) && !isPlaceholder(to)) {
      kinds.add(KIND.assign);
    } else {
      for (const k of scanCode(JSON.stringify(to))) if (k !== KIND.compare && k !== KIND.assign) kinds.add(k);
    }
  }
  return [...kinds];
}

const SWITCH_TESTS = new Set(["eq", "neq", "cont", "regex"]);

/** The switch node: routes on request data or a secret-named property compared with fixed strings. */
function scanSwitch(node: RawNode, ctx: ScanContext): string[] {
  const property = str(node.property) ?? "";
  const type = str(node.propertyType) ?? "msg";
  const rules = Array.isArray(node.rules) ? (node.rules as unknown[]) : [];
  const kinds = new Set<string>();
  if (type === "jsonata") for (const k of scanJsonata(property, ctx)) kinds.add(k);
  const values: string[] = [];
  for (const r of rules) {
    if (!isObject(r) || typeof r.v !== "string") continue;
    if (r.vt === "jsonata") {
      for (const k of scanJsonata(r.v, ctx)) kinds.add(k);
      continue;
    }
    if (!SWITCH_TESTS.has(String(r.t)) || (r.vt !== undefined && r.vt !== "str" && r.vt !== "re")) continue;
    const value = r.t === "regex" ? regexLiteral(r.v) : r.v;
    if (value !== undefined) values.push(value);
  }
  if (values.length === 0) return [...kinds];
  if (type === "msg") {
    for (const k of scanPropertyTest(property, values, ctx)) kinds.add(k);
  } else if (isSecretName(property) && values.some((v) => isSecretLiteral("secret", v))) {
    kinds.add(KIND.compare);
  }
  return [...kinds];
}

/** The node types whose code, text or rules are read (every node's settings are read too). */
export const CODE_TYPES = ["function", "change", "switch", "template", "inject", "http request"] as const;

/**
 * The kinds of written-in credentials a node holds: in the code of function nodes, the text of templates,
 * the rules of change and switch nodes, inject properties, http request headers, and any node's settings.
 * `ctx.fromOutside`: the node receives messages from outside, so its msg.payload is request data.
 */
export function scanNode(node: RawNode, ctx: ScanContext = {}): string[] {
  const kinds = new Set<string>(scanFields(node));
  switch (node.type) {
    case "function":
      for (const code of [node.func, node.initialize, node.finalize]) {
        if (typeof code === "string") for (const k of scanScript(code, ctx)) kinds.add(k);
      }
      break;
    case "template":
      if (typeof node.template === "string") for (const k of scanCode(node.template)) kinds.add(k);
      break;
    case "change":
      for (const k of scanChange(node, ctx)) kinds.add(k);
      break;
    case "switch":
      for (const k of scanSwitch(node, ctx)) kinds.add(k);
      break;
    default:
      break;
  }
  return [...kinds];
}
