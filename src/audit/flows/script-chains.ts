// The token view of a piece of code that script-reader.ts judges: member chains (`msg.req.headers["x"]`,
// `users[name].password`) found once per token, what each chain reads (request data through local
// variables), and the fixed strings of lists and object literals.
import { matchBrackets, type Token } from "./js-tokens";
import { isSecretName, type RequestPart } from "./secret-words";

export type Step =
  | { readonly kind: "prop"; readonly name: string }
  | {
      readonly kind: "index";
      readonly name?: string;
      readonly numeric: boolean;
      readonly open: number;
      readonly close: number;
    }
  | { readonly kind: "call"; readonly open: number; readonly close: number };

export interface Chain {
  readonly start: number;
  readonly end: number;
  readonly root: string;
  readonly steps: readonly Step[];
}

/** What an expression reads: the request field it comes from (if any), and the names that say what it is. */
export interface Reading {
  /** The path below `msg` when the value comes from the message: ["req", "headers", "authorization"]. */
  readonly path?: readonly string[];
  readonly part?: RequestPart;
  readonly field?: string;
  readonly names: readonly string[];
}

export interface TableEntry {
  readonly keys: readonly string[];
  readonly value: string;
}

const REQUEST_PARTS: Readonly<Record<string, RequestPart>> = {
  headers: "header",
  query: "query",
  body: "body",
  cookies: "cookie",
  signedCookies: "cookie",
  params: "param",
};

/** Names that are keywords (and JSONata's `and`, `or`), never variables. */
export const KEYWORDS = new Set(
  (
    "if else return typeof new case switch for while do const let var function in of instanceof delete void " +
    "throw try catch finally await yield break continue default class extends import export null true false undefined and or"
  ).split(" "),
);

export class ScriptTokens {
  protected readonly pair: Int32Array;
  /** The chain that starts at each token index, and the one that ends there (sparse arrays: cheaper than maps). */
  protected readonly chains: (Chain | undefined)[] = [];
  protected readonly chainEnds: (Chain | undefined)[] = [];
  /** Local variables that hold request data, by name: the path below msg they were read from. */
  protected readonly vars = new Map<string, readonly string[]>();
  /** Local objects of fixed strings: `const users = { anna: "pw" }`. */
  protected readonly tables = new Map<string, readonly TableEntry[]>();
  /** Local arrays or sets of fixed strings: `const allowed = ["…", "…"]`. */
  protected readonly lists = new Map<string, readonly string[]>();
  protected mentionsAuthorization = false;

  /** `tokens`: the code's tokens without comments. */
  constructor(
    protected readonly tokens: readonly Token[],
    protected readonly jsonata: boolean,
  ) {
    // Plain loops rather than callbacks here and below: this runs for every token of every function node.
    this.pair = matchBrackets(tokens);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.type !== "name" || KEYWORDS.has(t.value)) continue;
      if (t.value.length >= 13 && t.value.toLowerCase().includes("authorization")) this.mentionsAuthorization = true;
      const prev = tokens[i - 1];
      if (prev?.type === "punct" && (prev.value === "." || prev.value === "?.")) continue;
      const chain = this.parseChain(i);
      this.chains[i] = chain;
      this.chainEnds[chain.end] = chain;
    }
  }

  protected tok(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Whether token i is one of these punctuators (fixed parameters: this runs for most tokens). */
  protected isPunct(i: number, a: string, b?: string, c?: string): boolean {
    const t = this.tokens[i];
    if (t?.type !== "punct") return false;
    const v = t.value;
    return v === a || v === b || v === c;
  }

  /** A fixed string at i: a string, a template without ${…}. */
  protected literalAt(i: number): string | undefined {
    const t = this.tokens[i];
    if (!t) return undefined;
    if (t.type === "string" || (t.type === "template" && !t.dynamic)) return t.value;
    return undefined;
  }

  protected parseChain(start: number): Chain {
    const steps: Step[] = [];
    let k = start + 1;
    while (k < this.tokens.length) {
      const t = this.tokens[k] as Token;
      if (t.type !== "punct") break;
      if (t.value === "." || t.value === "?.") {
        const next = this.tok(k + 1);
        if (next?.type === "name" || (this.jsonata && (next?.type === "template" || next?.type === "string"))) {
          steps.push({ kind: "prop", name: next.value });
          k += 2;
          continue;
        }
        if (t.value === "?." && this.isPunct(k + 1, "[", "(")) {
          k++;
          continue;
        }
        break;
      }
      const close = this.pair[k] ?? -1;
      if (close <= k) break;
      if (t.value === "[") {
        // A `[` on a new line starts a new statement more often than it indexes.
        if (t.newline) break;
        const inner = close === k + 2 ? this.tok(k + 1) : undefined;
        const named = inner?.type === "string" || inner?.type === "number" || inner?.type === "template";
        steps.push({
          kind: "index",
          ...(named && !inner.dynamic ? { name: inner.value } : {}),
          numeric: inner?.type === "number",
          open: k,
          close,
        });
        k = close + 1;
        continue;
      }
      if (t.value === "(") {
        if (t.newline) break;
        steps.push({ kind: "call", open: k, close });
        k = close + 1;
        continue;
      }
      break;
    }
    return { start, end: k - 1, root: this.tokens[start]?.value ?? "", steps };
  }

  /** What a chain reads, up to (not including) step `upTo`. */
  protected read(chain: Chain, upTo = chain.steps.length): Reading {
    const own: string[] = [];
    let base: readonly string[] | undefined;
    const root = chain.root;
    if (this.jsonata) {
      base = root === "$$" || root === "$" || root === "msg" ? [] : [root];
    } else if (root === "msg") {
      base = [];
    } else {
      base = this.vars.get(root);
    }
    for (let s = 0; s < upTo; s++) {
      const step = chain.steps[s] as Step;
      const next = chain.steps[s + 1];
      if (step.kind === "prop") {
        if (next?.kind === "call" && s + 1 < upTo) {
          // msg.req.get("x-api-key") / msg.req.header("…") read a header.
          const path = base ? [...base, ...own] : own;
          const arg = this.literalAt(next.open + 1);
          if ((step.name === "get" || step.name === "header") && path.length === 1 && path[0] === "req" && arg) {
            own.push("headers", arg.toLowerCase());
          }
          s++;
          continue;
        }
        own.push(step.name);
      } else if (step.kind === "index") {
        if (!step.numeric) own.push(step.name ?? "*");
      }
    }
    const lastOwn = [...own].reverse().find((x) => x !== "*");
    const names = [lastOwn ?? root];
    if (lastOwn !== undefined && !base) names.push(root);
    if (!base) return { names };
    const path = [...base, ...own];
    if (path[0] === "req") {
      const key = path[1] ?? "";
      const part = Object.hasOwn(REQUEST_PARTS, key) ? REQUEST_PARTS[key] : undefined;
      if (part === undefined) return { names, path };
      const field = [...path.slice(2)].reverse().find((x) => x !== "*");
      if (field !== undefined) names.push(field);
      return {
        names,
        path,
        part,
        ...(field === undefined ? {} : { field: part === "header" ? field.toLowerCase() : field }),
      };
    }
    if (path[0] === "payload") {
      const field = [...path.slice(1)].reverse().find((x) => x !== "*");
      if (field !== undefined) names.push(field);
      return { names, path, part: "payload", ...(field === undefined ? {} : { field }) };
    }
    return { names, path };
  }

  /** The most telling reading inside tokens [a, b): request data first, then a secret-named value. */
  protected readRange(a: number, b: number): Reading | undefined {
    let found: Reading | undefined;
    const end = Math.min(b, a + 400);
    for (let k = a; k < end; k++) {
      const chain = this.chains[k];
      if (!chain) continue;
      const r = this.read(chain);
      if (r.part !== undefined && r.part !== "payload") return r;
      if (found === undefined && (r.part !== undefined || isSecretName(r.names[0] ?? ""))) found = r;
    }
    return found;
  }

  /** An operand before index j (inclusive end): a fixed string, or what an expression reads. */
  protected operandBefore(j: number): { literal?: string; reading?: Reading; chain?: Chain } | undefined {
    // A chain first: in JSONata one can end in a quoted name (req.headers.`x-api-key`).
    const chain = this.chainEnds[j];
    if (chain) {
      if (this.tok(chain.start - 1)?.value === "typeof") return undefined;
      return { reading: this.read(chain), chain };
    }
    const literal = this.literalAt(j);
    if (literal !== undefined) return this.isPunct(j - 1, "+") ? undefined : { literal };
    if (this.isPunct(j, ")", "]")) {
      // (a || "").trim(), (x)[0]: walk back to where the expression starts, then read inside it.
      let k = j;
      let start = j;
      while (k >= 0) {
        const t = this.tokens[k] as Token;
        if (t.type === "punct" && (t.value === ")" || t.value === "]")) {
          const open = this.pair[k] ?? -1;
          if (open < 0) break;
          start = open;
          k = open - 1;
        } else if (
          (t.type === "name" && !KEYWORDS.has(t.value)) ||
          (t.type === "punct" && (t.value === "." || t.value === "?."))
        ) {
          start = k;
          k--;
        } else {
          break;
        }
      }
      const reading = this.readRange(start, j);
      return reading ? { reading } : undefined;
    }
    return undefined;
  }

  protected operandAfter(j: number): { literal?: string; reading?: Reading; chain?: Chain } | undefined {
    const literal = this.literalAt(j);
    if (literal !== undefined) return this.isPunct(j + 1, "+", ".", "[") ? undefined : { literal };
    if (this.tok(j)?.value === "typeof") return undefined;
    const chain = this.chains[j];
    if (chain) return { reading: this.read(chain), chain };
    if (this.isPunct(j, "(")) {
      const close = this.pair[j] ?? -1;
      if (close < 0) return undefined;
      const reading = this.readRange(j + 1, close);
      return reading ? { reading } : undefined;
    }
    return undefined;
  }

  /** Fixed strings directly inside brackets [a, b] (depth one). */
  protected stringsIn(open: number, close: number): string[] {
    const out: string[] = [];
    for (let k = open + 1; k < close; k++) {
      const t = this.tokens[k] as Token;
      if (t.type === "punct" && (t.value === "[" || t.value === "{" || t.value === "(")) {
        k = Math.max(k, this.pair[k] ?? k);
        continue;
      }
      const v = this.literalAt(k);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  /** The string values of an object literal, with the keys that lead to them. */
  protected objectEntries(
    open: number,
    close: number,
    keys: readonly string[] = [],
    out: TableEntry[] = [],
  ): TableEntry[] {
    for (let k = open + 1; k < close; k++) {
      const t = this.tokens[k] as Token;
      if (t.type === "punct" && (t.value === "[" || t.value === "(")) {
        k = Math.max(k, this.pair[k] ?? k);
        continue;
      }
      if (!this.isPunct(k + 1, ":") || !(t.type === "name" || t.type === "string" || t.type === "number")) continue;
      if (!this.isPunct(k - 1, "{", ",")) continue;
      const path = [...keys, t.value];
      const value = this.literalAt(k + 2);
      if (value !== undefined && this.isPunct(k + 3, ",", "}")) {
        out.push({ keys: path, value });
      } else if (this.isPunct(k + 2, "{") && keys.length < 3) {
        const end = this.pair[k + 2] ?? -1;
        if (end > k + 2) {
          this.objectEntries(k + 2, end, path, out);
          k = end;
        }
      }
    }
    return out;
  }

  /** Where the expression that starts at a ends (inclusive): at `;`, `,`, an unmatched closer or a line end. */
  protected expressionEnd(a: number): number {
    let last = a - 1;
    let k = a;
    while (k < this.tokens.length) {
      const t = this.tokens[k] as Token;
      if (k > a && t.newline) {
        const prev = this.tokens[last];
        const prevOpen =
          prev?.type === "punct" ? !(prev.value === ")" || prev.value === "]" || prev.value === "}") : false;
        const nextJoins = t.type === "punct" && /^(?:\.|\?\.|\?|:|\|\||&&|\?\?|[+\-*/%]|===?|!==?)$/.test(t.value);
        if (!prevOpen && !nextJoins) break;
      }
      if (t.type === "punct") {
        if (t.value === ";" || t.value === "," || t.value === ")" || t.value === "]" || t.value === "}") break;
        const close = this.pair[k] ?? -1;
        if (close > k) {
          last = close;
          k = close + 1;
          continue;
        }
      }
      last = k;
      k++;
    }
    return last;
  }
}
