// Finds credentials written into flows: fixed passwords compared in a function node (the old home-made
// login), secrets assigned as literals, Authorization headers, AWS keys, private keys, passwords in URLs.
// Only the kind of thing found is reported, never the value.
//
// What is not counted as a secret (a deliberate choice):
// - empty strings, and values made only of `*`, `x`, `X`, `.`, `•` or `-` (masks such as "********");
// - template placeholders: "{{…}}", "${…}", "<…>";
// - anything that is not a string literal (env.get(...), msg.password, a variable).
// A placeholder such as "changeme" or "password" IS counted: compared in a function, it is a real login
// with a guessable password.
import { str, type RawNode } from "./graph";

const SECRET_WORDS = [
  "password",
  "passwd",
  "passphrase",
  "passwort",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
];
const SECRET_EXACT = new Set(["pass", "pwd", "pw", "psk"]);
/** Names about a secret rather than holding one: passwordLabel, tokenType, secretLength… */
const NOT_SECRET_SUFFIX =
  /(label|placeholder|field|text|hint|title|prompt|message|msg|type|name|length|len|min|max|policy|regex|pattern|input|error|url|endpoint|path|expiry|expires|ttl|topic|id|count|required|visible)$/;

/** Whether a property or variable name holds a secret: `password`, `msg.payload.pwd`, `api_key`, `x-api-key`. */
export function isSecretName(name: string): boolean {
  const last =
    name
      .split(/[.[\]'"`]+/)
      .filter(Boolean)
      .pop() ?? "";
  const plain = last.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (plain === "") return false;
  if (SECRET_EXACT.has(plain)) return true;
  // "passenger" and "bypass" are not secrets; "passwordLabel" is about one, not one.
  return SECRET_WORDS.some((w) => plain.includes(w)) && !NOT_SECRET_SUFFIX.test(plain);
}

/** Whether a literal value is a mask or a placeholder rather than a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/^[*xX.•-]+$/.test(v)) return true;
  return /^\{\{.*\}\}$/.test(v) || /^\$\{.*\}$/.test(v) || /^<.*>$/.test(v);
}

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
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`]+:([^\s/@"'`]+)@/i;

function unquote(literal: string): string {
  return literal.slice(1, -1);
}

export const KIND = {
  compare: "compares a password or key with a fixed string (a home-made login: no hashing, no lockout)",
  assign: "sets a password, token or key to a fixed string",
  header: "holds a fixed Authorization header (Basic or Bearer credentials)",
  aws: "holds an AWS access key id",
  privateKey: "holds a private key",
  urlPassword: "holds a URL with a password in it",
} as const;

/** What kinds of written-in credentials a piece of code or text holds. */
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

/** A change node rule that sets a secret-named property, or an Authorization header, to a fixed string. */
function scanChange(node: RawNode): string[] {
  const rules = Array.isArray(node.rules) ? (node.rules as unknown[]) : [];
  const kinds = new Set<string>();
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    const to = str(rule.to);
    if (to === undefined) continue;
    if (rule.tot === "json" || rule.tot === "jsonata") {
      for (const k of scanCode(to)) kinds.add(k);
      continue;
    }
    if (rule.t !== "set" || (rule.tot !== undefined && rule.tot !== "str")) continue;
    const property = str(rule.p) ?? "";
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

/** A switch node that routes on a secret-named property compared with fixed strings. */
function scanSwitch(node: RawNode): string[] {
  const property = str(node.property) ?? "";
  if (!isSecretName(property)) return [];
  const rules = Array.isArray(node.rules) ? (node.rules as unknown[]) : [];
  const compares = rules.some(
    (r) =>
      isObject(r) &&
      (r.t === "eq" || r.t === "neq") &&
      (r.vt === undefined || r.vt === "str") &&
      typeof r.v === "string" &&
      !isPlaceholder(r.v),
  );
  return compares ? [KIND.compare] : [];
}

/** The kinds of written-in credentials a node holds: function, change, switch and template nodes. */
export function scanNode(node: RawNode): string[] {
  switch (node.type) {
    case "function":
      return [
        ...new Set(
          [node.func, node.initialize, node.finalize].flatMap((code) =>
            typeof code === "string" ? scanCode(code) : [],
          ),
        ),
      ];
    case "template":
      return typeof node.template === "string" ? scanCode(node.template) : [];
    case "change":
      return scanChange(node);
    case "switch":
      return scanSwitch(node);
    default:
      return [];
  }
}
