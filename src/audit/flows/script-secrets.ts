// Reads function-node code (and JSONata in change and switch nodes) for credentials, on tokens rather than on
// raw text: home-made logins that compare request data or a secret-named value with a fixed string however
// they are spelled (===, !==, ==, !=, includes, startsWith, endsWith, indexOf, match, a regex test, a switch,
// a lookup table or a list of allowed tokens, through local variables and destructuring), secrets assigned
// as literals, fixed Authorization headers, and keys or URLs with passwords inside strings and comments.
//
// Request data is what `msg.req` holds (headers, query, body, cookies, params; also `msg.req.get("…")`), and
// `msg.payload` when the node receives messages from outside. Which fixed strings count as passwords is
// decided in secret-words.ts. Deliberately not followed: values passed into functions the code defines,
// loops over lists (`for (const t of allowed) if (t === token)`), context stores (flow/global), and strings
// built at run time (concatenation, templates with ${…}).
import { ScriptReader } from "./script-reader";
import type { ScanContext } from "./types";

/**
 * Words without which code can hold no finding: request data (`req`), a secret name, a key pattern, a URL
 * with credentials, an Authorization header. Most function nodes have none of them and are not tokenized.
 */
const MAYBE_SECRET = /req|pass|pw|psk|secret|token|key|akia|asia|:\/\/|basic|bearer/i;

/** The kinds of credentials a piece of function-node code holds. */
export function scanScript(code: string, ctx: ScanContext = {}): string[] {
  const text = code.length > 200_000 ? code.slice(0, 200_000) : code;
  // msg.payload of a message from outside is request data even without any of those words.
  if (!MAYBE_SECRET.test(text) && !(ctx.fromOutside === true && text.includes("payload"))) return [];
  return [...new ScriptReader(text, false, ctx).run()];
}

/** The kinds of credentials a JSONata expression (change or switch node) holds. */
export function scanJsonata(expression: string, ctx: ScanContext = {}): string[] {
  return [...new ScriptReader(expression, true, ctx).run()];
}

/**
 * The kinds found when a message property (`req.headers.authorization`, `payload["api-key"]`) is tested
 * against fixed strings, as switch and change node rules do.
 */
export function scanPropertyTest(property: string, values: readonly string[], ctx: ScanContext = {}): string[] {
  return [...new ScriptReader(`msg.${property.trim()}`, false, ctx).judgeWhole(values)];
}
