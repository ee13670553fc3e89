// What counts as a secret in a flow: secret-looking names, fixed strings that are (or are not) passwords, and
// the plain descriptions of what was found. Shared by the readers of code, rules and node fields.
//
// A fixed string compared with request data counts as a password or key when (the heuristic of NRS-FLOW-003):
// - the value it is compared with is named like a secret (password, pass, pwd, secret, token, api key,
//   x-api-key, passphrase, psk…), or is an authorization/auth header, a pin, passcode, otp or session:
//   then any fixed string does, however short ("1234" is a password, and a weak one), except the scheme
//   words alone ("Basic", "Bearer ") that a real check compares too;
// - it is named `key`, `code`, `sig`, `signature`, `hmac` or `hash`: the string must have 6 characters or
//   more, with a digit, a symbol or mixed case ("ArrowUp" counts, "enter" does not);
// - it is any other request field (header, query parameter, body field, cookie, route parameter, or the
//   payload of a message that came from outside): the string must look random — 8 characters or more, no
//   spaces or slashes, and three kinds of characters out of lower case, upper case, digits and symbols
//   ("Sunflower-Garden-77" counts; "application/json", "advanced", "sensor12" do not);
// - except fields that name things rather than hold secrets: headers such as Accept, Content-Type, Host,
//   Origin, User-Agent, X-Forwarded-For, and fields whose name ends in id, name, type, mode, device,
//   command, format, status… ("ESP32-Kitchen" compared with ?device= is not a login).
// Never a secret: empty strings and masks ("****"), placeholders ("{{x}}", "${X}", "<x>"), true/false/null,
// on/off/yes/no, HTTP methods, typeof names ("string"), content types.

import { isMessage, messages, type MessageParam, type Text } from "../../i18n/messages";

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

const secretNames = new Map<string, boolean>();

/** Whether a property or variable name holds a secret: `password`, `msg.payload.pwd`, `api_key`, `x-api-key`. */
export function isSecretName(name: string): boolean {
  // The same few names (name, url, func, payload…) come back on every node: remember the answers.
  const known = secretNames.get(name);
  if (known !== undefined) return known;
  const answer = secretName(name);
  if (secretNames.size < 5000) secretNames.set(name, answer);
  return answer;
}

function secretName(name: string): boolean {
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

const lastWords = new Map<string, string>();

/** The last word of a name: "xApiKey" → key; "x-auth-token" → token; "deviceId" → id. Remembered. */
function lastWord(name: string): string {
  const known = lastWords.get(name);
  if (known !== undefined) return known;
  const word =
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .pop() ?? "";
  if (lastWords.size < 5000) lastWords.set(name, word);
  return word;
}

const STRONG_LAST_WORDS = new Set(["authorization", "auth", "pin", "passcode", "otp", "session", "sessionid", "sid"]);
const WEAK_LAST_WORDS = new Set(["key", "code", "sig", "signature", "hmac", "hash"]);

/** How strongly a set of names (a variable, the field it was read from) says "this is a secret". */
export type Strength = "secret" | "weak" | "other" | "none";

/** Headers that carry no secret: compared with anything, they are routing, not a login. */
const ORDINARY_HEADER =
  /^(?:accept.*|content-.*|user-agent|host|origin|referr?er|x-forwarded-.*|x-real-ip|forwarded|connection|cache-control|pragma|if-.*|sec-.*|upgrade|dnt|te|range|x-requested-with)$/;
/** Last words of field names that name a thing rather than hold a secret. */
const ORDINARY_WORDS = new Set([
  "id",
  "name",
  "type",
  "mode",
  "action",
  "cmd",
  "command",
  "device",
  "room",
  "topic",
  "lang",
  "language",
  "locale",
  "format",
  "unit",
  "page",
  "sort",
  "order",
  "search",
  "filter",
  "path",
  "file",
  "filename",
  "method",
  "version",
  "state",
  "status",
  "event",
  "color",
  "level",
]);

/** Whether a request field names a thing (a header such as Accept, a device id) rather than a secret. */
export function isOrdinaryField(field: string | undefined, header: boolean): boolean {
  if (field === undefined) return false;
  if (header && ORDINARY_HEADER.test(field.toLowerCase())) return true;
  return ORDINARY_WORDS.has(lastWord(field));
}

export function strengthOf(names: readonly string[]): Strength {
  let best: Strength = "other";
  for (const name of names) {
    const last = lastWord(name);
    if (isSecretName(name) || STRONG_LAST_WORDS.has(last)) return "secret";
    if (WEAK_LAST_WORDS.has(last)) best = "weak";
  }
  return best;
}

const NOT_SECRET = new Set([
  "true",
  "false",
  "null",
  "undefined",
  "none",
  "nan",
  "yes",
  "no",
  "on",
  "off",
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "string",
  "number",
  "boolean",
  "object",
  "function",
  "symbol",
  "bigint",
  "basic",
  "bearer",
  "token",
  "digest",
  "negotiate",
  "apikey",
]);
const SCHEME = /^(?:basic|bearer|token|digest|apikey|api-key)\s+/i;
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9.+-]+(?:\s*;.*)?$/i;

/** Lower case, upper case, digits, other symbols: how many kinds a string mixes. */
function classes(v: string): number {
  return Number(/[a-z]/.test(v)) + Number(/[A-Z]/.test(v)) + Number(/\d/.test(v)) + Number(/[^A-Za-z0-9]/.test(v));
}

/** Whether a fixed string looks like a generated password or key (for fields not named like a secret). */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || /[\s/\\]/.test(v)) return false;
  // Addresses, dates and version numbers mix digits and dots but are not secrets.
  if (/^[\d.:-]+$/.test(v) || /^v?\d+(\.\d+)+(-[\w.]+)?$/i.test(v)) return false;
  return classes(v) >= 3;
}

/** Whether `value`, compared with something of this strength, is a password or key (see the file's top). */
export function isSecretLiteral(strength: Strength, value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v) || NOT_SECRET.has(v.toLowerCase()) || CONTENT_TYPE.test(v)) return false;
  const rest = v.replace(SCHEME, "");
  if (rest === "" || NOT_SECRET.has(rest.toLowerCase())) return false;
  switch (strength) {
    case "none":
      return false;
    case "secret":
      return true;
    case "weak":
      return rest.length >= 6 && classes(rest) >= 2;
    case "other":
      return looksRandom(rest);
  }
}

/** A name for a request field that can be shown: short, no quotes or control characters. */
export function shownField(field: string): string {
  // Control characters (below a space) and quotes are dropped: the name goes into a quoted sentence.
  const clean = Array.from(field, (c) => (c < " " || "\"'`\\".includes(c) ? "" : c)).join("");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/** Where in an HTTP request a value was read. */
export type RequestPart = "header" | "query" | "body" | "cookie" | "param" | "payload";

/** The words for a kind of secret: "secret-kinds.*" in locales/<lang>/findings.json. */
const kindMsg = messages("secret-kinds");

/**
 * A kind of secret as a fact: a message of "secret-kinds" written as one string (JSON), so a Set keeps one of
 * each and facts stay plain strings. NRS-FLOW-003 reads it back with kindMessage and words it in the report's
 * language.
 */
function kindOf(name: string, params?: Readonly<Record<string, MessageParam>>): string {
  return JSON.stringify(kindMsg(name, params));
}

/** The message a kind stands for (a kind that is not one is shown as it is). */
export function kindMessage(kind: string): Text {
  try {
    const parsed = JSON.parse(kind) as unknown;
    if (isMessage(parsed) && parsed.key.startsWith("secret-kinds.")) return parsed;
  } catch {
    // Not a kind made by kindOf: shown as it is.
  }
  return kind;
}

export const KIND = {
  compare: kindOf("compare"),
  assign: kindOf("assign"),
  header: kindOf("header"),
  aws: kindOf("aws"),
  privateKey: kindOf("privateKey"),
  urlPassword: kindOf("urlPassword"),
  table: kindOf("table"),
} as const;

/** "compares the request's "authorization" header with a fixed password or key (…)". */
export function requestCompareKind(part: RequestPart, field: string | undefined): string {
  const what =
    field === undefined
      ? kindMsg(`request.${part === "header" ? "headers" : part}`)
      : kindMsg(`request.${part === "header" ? "header" : `${part}Field`}`, { field: shownField(field) });
  return kindOf("requestCompare", { what });
}

/** A node field holding a URL with a password: names the field, never the URL. */
export function urlFieldKind(field: string): string {
  return kindOf("urlField", { field: shownField(field) });
}

/** A node field named like a password with a value typed in: names the field, never the value. */
export function plainFieldKind(field: string): string {
  return kindOf("plainField", { field: shownField(field) });
}

/** A tab's, subflow's or global environment variable named like a secret with a plain value typed in. */
export function plainEnvKind(name: string): string {
  return kindOf("plainEnv", { name: shownField(name) });
}
