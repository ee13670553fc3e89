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
import { matchBrackets, tokenize, type Token } from "./js-tokens";
import {
  KIND,
  isPlaceholder,
  isSecretLiteral,
  isOrdinaryField,
  isSecretName,
  requestCompareKind,
  strengthOf,
  type RequestPart,
  type Strength,
} from "./secret-words";

export interface ScanContext {
  /** The node receives messages from outside (http in, websocket, MQTT, dashboards…): its payload is request data. */
  readonly fromOutside?: boolean;
}

type Step =
  | { readonly kind: "prop"; readonly name: string }
  | {
      readonly kind: "index";
      readonly name?: string;
      readonly numeric: boolean;
      readonly open: number;
      readonly close: number;
    }
  | { readonly kind: "call"; readonly open: number; readonly close: number };

interface Chain {
  readonly start: number;
  readonly end: number;
  readonly root: string;
  readonly steps: readonly Step[];
}

/** What an expression reads: the request field it comes from (if any), and the names that say what it is. */
interface Reading {
  /** The path below `msg` when the value comes from the message: ["req", "headers", "authorization"]. */
  readonly path?: readonly string[];
  readonly part?: RequestPart;
  readonly field?: string;
  readonly names: readonly string[];
}

interface TableEntry {
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

const KEYWORDS = new Set([
  "if",
  "else",
  "return",
  "typeof",
  "new",
  "case",
  "switch",
  "for",
  "while",
  "do",
  "const",
  "let",
  "var",
  "function",
  "in",
  "of",
  "instanceof",
  "delete",
  "void",
  "throw",
  "try",
  "catch",
  "finally",
  "await",
  "yield",
  "break",
  "continue",
  "default",
  "class",
  "extends",
  "import",
  "export",
  "null",
  "true",
  "false",
  "undefined",
  "and",
  "or",
]);

/** String methods that compare their receiver with their first argument. */
const CHECK_METHODS = new Set([
  "includes",
  "startsWith",
  "endsWith",
  "indexOf",
  "lastIndexOf",
  "localeCompare",
  "match",
  "search",
  "equals",
]);
/** Methods that look a value up in a list or set. */
const LIST_METHODS = new Set(["includes", "indexOf", "has", "lastIndexOf"]);
/** Names of lookup tables that hold logins. */
const TABLE_NAMES = /user|pass|pwd|token|key|secret|account|login|cred|auth/i;

const AUTH_HEADER = /^(?:Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/i;
const AWS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`]*:([^\s/@"'`]+)@/i;

/** A regex literal that matches one fixed string (`/^abc$/`): that string; undefined for real patterns. */
export function regexLiteral(source: string): string | undefined {
  const body = source.replace(/^\^/, "").replace(/\$$/, "");
  return /^[^\\()[\]{}*+?.|^$]+$/.test(body) ? body : undefined;
}

/** Whether a string holds a URL with a password in its user info (`http://admin:…@host`), not a placeholder. */
export function hasUrlPassword(value: string): boolean {
  if (!value.includes("://") || !value.includes("@")) return false;
  const url = URL_PASSWORD.exec(value);
  return url !== null && !isPlaceholder(url[1] ?? "");
}

/** The secret kinds found in string contents: AWS keys, private keys, URLs with passwords. */
export function scanStringContent(value: string, kinds: Set<string>): void {
  if (value.length < 8) return;
  if (AWS_KEY.test(value)) kinds.add(KIND.aws);
  if (value.includes("PRIVATE KEY") && PRIVATE_KEY.test(value)) kinds.add(KIND.privateKey);
  if (hasUrlPassword(value)) kinds.add(KIND.urlPassword);
}

class ScriptReader {
  private readonly tokens: readonly Token[];
  private readonly pair: Int32Array;
  /** The chain that starts at each token index, and the one that ends there (sparse arrays: cheaper than maps). */
  private readonly chains: (Chain | undefined)[] = [];
  private readonly chainEnds: (Chain | undefined)[] = [];
  /** Local variables that hold request data, by name: the path below msg they were read from. */
  private readonly vars = new Map<string, readonly string[]>();
  /** Local objects of fixed strings: `const users = { anna: "pw" }`. */
  private readonly tables = new Map<string, readonly TableEntry[]>();
  /** Local arrays or sets of fixed strings: `const allowed = ["…", "…"]`. */
  private readonly lists = new Map<string, readonly string[]>();
  readonly kinds = new Set<string>();
  private mentionsAuthorization = false;
  /** A string that is a whole Basic or Bearer header value. */
  private headerLiteral = false;

  constructor(
    code: string,
    private readonly jsonata: boolean,
    private readonly ctx: ScanContext,
  ) {
    // Plain loops rather than callbacks here and below: this runs for every token of every function node.
    const tokens: Token[] = [];
    for (const t of tokenize(code)) {
      if (t.type === "comment") scanStringContent(t.value, this.kinds);
      else tokens.push(t);
    }
    this.tokens = tokens;
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

  private tok(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Whether token i is one of these punctuators (fixed parameters: this runs for most tokens). */
  private isPunct(i: number, a: string, b?: string, c?: string): boolean {
    const t = this.tokens[i];
    if (t?.type !== "punct") return false;
    const v = t.value;
    return v === a || v === b || v === c;
  }

  /** A fixed string at i: a string, a template without ${…}. */
  private literalAt(i: number): string | undefined {
    const t = this.tokens[i];
    if (!t) return undefined;
    if (t.type === "string" || (t.type === "template" && !t.dynamic)) return t.value;
    return undefined;
  }

  private parseChain(start: number): Chain {
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
  private read(chain: Chain, upTo = chain.steps.length): Reading {
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
  private readRange(a: number, b: number): Reading | undefined {
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

  private strength(r: Reading): Strength {
    // Outside msg.req only secret names count: `msg.pin === "17"` is more often a GPIO pin than a login.
    const named =
      r.part === undefined || r.part === "payload"
        ? r.names.some((x) => isSecretName(x))
          ? "secret"
          : "other"
        : strengthOf(r.names);
    return named === "other" && isOrdinaryField(r.field, r.part === "header") ? "none" : named;
  }

  /** Reports `value` when it is a fixed password or key compared with what `r` reads. */
  private judge(r: Reading, value: string, strength = this.strength(r)): boolean {
    if (r.part !== undefined && r.part !== "payload") {
      if (!isSecretLiteral(strength, value)) return false;
      this.kinds.add(requestCompareKind(r.part, r.field));
      return true;
    }
    if (r.part === "payload" && strength !== "secret") {
      if (!this.ctx.fromOutside || !isSecretLiteral(strength, value)) return false;
      this.kinds.add(requestCompareKind("payload", r.field));
      return true;
    }
    if (strength !== "secret" || !isSecretLiteral("secret", value)) return false;
    this.kinds.add(KIND.compare);
    return true;
  }

  /** Checks a list of fixed strings against what `r` reads; reports it as a table of passwords. */
  private judgeList(r: Reading | undefined, values: readonly string[], named = false): void {
    if (!r) return;
    // The other side must be request data or a secret: a table called "users" compared with a display name
    // is not a login.
    const fromRequest = r.part !== undefined && (r.part !== "payload" || this.ctx.fromOutside === true);
    if (!fromRequest && this.strength(r) !== "secret") return;
    const strength = named ? "secret" : this.strength(r);
    const hit = values.some((v) =>
      r.part === "payload" && strength !== "secret"
        ? this.ctx.fromOutside === true && isSecretLiteral(strength, v)
        : isSecretLiteral(strength, v),
    );
    if (hit) this.kinds.add(KIND.table);
  }

  /** An operand before index j (inclusive end): a fixed string, or what an expression reads. */
  private operandBefore(j: number): { literal?: string; reading?: Reading; chain?: Chain } | undefined {
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

  private operandAfter(j: number): { literal?: string; reading?: Reading; chain?: Chain } | undefined {
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

  /** Entries of a table for a chain that reads it: `users[u]` → top-level values, `users[u].password` → those. */
  private tableValues(chain: Chain): string[] | undefined {
    const entries = this.tables.get(chain.root);
    if (!entries || chain.steps.length === 0) return undefined;
    const last = [...chain.steps].reverse().find((s) => s.kind === "prop" || (s.kind === "index" && s.name));
    const key = chain.steps.length > 1 && last && "name" in last ? last.name : undefined;
    return entries.filter((e) => (key === undefined ? e.keys.length === 1 : e.keys.at(-1) === key)).map((e) => e.value);
  }

  private compare(i: number): void {
    const left = this.operandBefore(i - 1);
    const right = this.operandAfter(i + 1);
    if (!left || !right) return;
    if (left.literal !== undefined && right.reading) {
      this.judge(right.reading, left.literal);
    } else if (right.literal !== undefined && left.reading) {
      this.judge(left.reading, right.literal);
    } else if (left.reading && right.reading) {
      // users[name] === password: the table's values are the passwords.
      for (const [table, other] of [
        [left.chain, right.reading],
        [right.chain, left.reading],
      ] as const) {
        const values = table ? this.tableValues(table) : undefined;
        if (values && table) this.judgeList(other, values, TABLE_NAMES.test(table.root));
      }
    }
  }

  /** `x.includes("…")`, `x.startsWith("…")`, `allowed.includes(x)`, `tokens[x]`, `users.hasOwnProperty(x)`. */
  private chainChecks(chain: Chain): void {
    const steps = chain.steps;
    for (let s = 0; s < steps.length; s++) this.stepCheck(chain, steps[s] as Step, s);
    if (this.jsonata && chain.root === "$contains") this.containsCheck(chain);
  }

  private stepCheck(chain: Chain, step: Step, s: number): void {
    if (step.kind === "index" && s === 0 && step.name === undefined && this.tables.has(chain.root)) {
      // tokens[msg.req.query.token]: the table's keys are the secrets.
      const r = this.readRange(step.open + 1, step.close);
      if (r && r.part !== undefined) {
        const keys = (this.tables.get(chain.root) ?? []).filter((e) => e.keys.length === 1).map((e) => e.keys[0] ?? "");
        this.judgeList({ ...r, names: r.names.slice(0, 1) }, keys);
      }
      return;
    }
    if (step.kind !== "prop") return;
    const call = chain.steps[s + 1];
    if (call?.kind !== "call") return;
    if (s === 0 && this.lists.has(chain.root) && LIST_METHODS.has(step.name)) {
      this.judgeList(
        this.readRange(call.open + 1, call.close),
        this.lists.get(chain.root) ?? [],
        TABLE_NAMES.test(chain.root),
      );
      return;
    }
    if (s === 0 && step.name === "hasOwnProperty" && this.tables.has(chain.root)) {
      const keys = (this.tables.get(chain.root) ?? []).filter((e) => e.keys.length === 1).map((e) => e.keys[0] ?? "");
      const r = this.readRange(call.open + 1, call.close);
      if (r?.part !== undefined) this.judgeList({ ...r, names: r.names.slice(0, 1) }, keys);
      return;
    }
    if (!CHECK_METHODS.has(step.name)) return;
    const arg = this.tok(call.open + 1);
    let value = this.literalAt(call.open + 1);
    if (value === undefined && arg?.type === "regex") value = regexLiteral(arg.value);
    if (value === undefined || !this.isPunct(call.open + 2, ")", ",")) return;
    this.judge(this.read(chain, s), value);
  }

  /** JSONata: $contains(req.headers.authorization, "…"). */
  private containsCheck(chain: Chain): void {
    const call = chain.steps[0];
    if (call?.kind !== "call") return;
    for (let k = call.open + 1; k < call.close; k++) {
      if (!this.isPunct(k, ",")) continue;
      const value = this.literalAt(k + 1);
      const r = this.readRange(call.open + 1, k);
      if (value !== undefined && r) this.judge(r, value);
      break;
    }
  }

  /** Fixed strings directly inside brackets [a, b] (depth one). */
  private stringsIn(open: number, close: number): string[] {
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
  private objectEntries(
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
  private expressionEnd(a: number): number {
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

  /** `x = …`, `const { a, b: c } = …`, `const [u, p] = …`: tracks request data, tables and lists. */
  private assignment(i: number): void {
    const a = i + 1;
    const b = this.expressionEnd(a);
    if (b < a) return;
    const lhsEnd = i - 1;
    const lhs = this.chainEnds[lhsEnd];
    const declared = (k: number): boolean => ["const", "let", "var"].includes(this.tok(k)?.value ?? "");
    // Fixed secrets: `password = "…"`, `msg.headers["x-api-key"] = "…"`, `headers.authorization = "Bearer …"`.
    const value = b === a ? this.literalAt(a) : undefined;
    if (lhs && value !== undefined) {
      const name = this.read(lhs).names[0] ?? "";
      this.assigned(name, value);
    }
    if (lhs && lhs.steps.length === 0) {
      const name = lhs.root;
      if (this.isPunct(a, "{") && this.pair[a] === b) {
        this.tables.set(name, this.objectEntries(a, b));
        return;
      }
      if (this.isPunct(a, "[") && this.pair[a] === b) {
        this.lists.set(name, this.stringsIn(a, b));
        return;
      }
      if (this.tok(a)?.value === "new" && this.tok(a + 1)?.value === "Set" && this.isPunct(a + 3, "[")) {
        this.lists.set(name, this.stringsIn(a + 3, this.pair[a + 3] ?? a + 3));
        return;
      }
    }
    // Only request data is tracked: skip the right-hand side unless it names msg or a tracked variable.
    let mentions = false;
    for (let k = a; k <= b && !mentions; k++) {
      const t = this.tokens[k] as Token;
      mentions = t.type === "name" && (t.value === "msg" || this.vars.has(t.value));
    }
    if (!mentions) return;
    const r = this.readRange(a, b + 1);
    if (!r?.path) return;
    const path = r.path;
    if (lhs && lhs.steps.length === 0) {
      this.vars.set(lhs.root, path);
      return;
    }
    const open = this.pair[lhsEnd] ?? -1;
    if (open < 0 || !declared(open - 1)) return;
    if (this.isPunct(lhsEnd, "]")) {
      for (let k = open + 1; k < lhsEnd; k++) {
        const t = this.tokens[k] as Token;
        if (t.type === "name" && this.isPunct(k - 1, "[", ",", "...")) this.vars.set(t.value, path);
      }
    } else if (this.isPunct(lhsEnd, "}")) {
      for (let k = open + 1; k < lhsEnd; k++) {
        const t = this.tokens[k] as Token;
        if (!this.isPunct(k - 1, "{", ",")) continue;
        if (t.type === "punct" && t.value === "..." && this.tok(k + 1)?.type === "name") {
          this.vars.set(this.tok(k + 1)?.value ?? "", path);
        } else if ((t.type === "name" || t.type === "string") && this.isPunct(k + 1, ":")) {
          const target = this.tok(k + 2);
          if (target?.type === "name") this.vars.set(target.value, [...path, t.value]);
        } else if (t.type === "name") {
          this.vars.set(t.value, [...path, t.value]);
        }
      }
    }
  }

  /** A secret-named thing set to a fixed string. */
  private assigned(name: string, value: string): void {
    if (/^authorization$/i.test(name)) {
      if (AUTH_HEADER.test(value)) this.kinds.add(KIND.header);
      return;
    }
    if (isSecretName(name) && !isPlaceholder(value)) this.kinds.add(KIND.assign);
  }

  /** `switch (msg.req.query.token) { case "…": }` */
  private switchStatement(i: number): void {
    if (!this.isPunct(i + 1, "(")) return;
    const close = this.pair[i + 1] ?? -1;
    if (close < 0 || !this.isPunct(close + 1, "{")) return;
    const r = this.readRange(i + 2, close);
    const end = this.pair[close + 1] ?? -1;
    if (!r || end < 0) return;
    for (let k = close + 2; k < end; k++) {
      if (this.isPunct(k, "{", "(", "[")) {
        k = Math.max(k, this.pair[k] ?? k);
        continue;
      }
      if (this.tok(k)?.value !== "case") continue;
      const value = this.literalAt(k + 1);
      if (value !== undefined && this.isPunct(k + 2, ":") && this.judge(r, value)) return;
    }
  }

  /** Judges fixed strings against the one chain the code is (a message property). */
  judgeWhole(values: readonly string[]): Set<string> {
    const chain = this.chains[0];
    if (!chain || chain.end !== this.tokens.length - 1) return this.kinds;
    const reading = this.read(chain);
    for (const v of values) if (this.judge(reading, v)) break;
    return this.kinds;
  }

  run(): Set<string> {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.type === "string" || t.type === "template") {
        scanStringContent(t.value, this.kinds);
        if (t.value.length >= 13 && t.value.toLowerCase().includes("authorization")) this.mentionsAuthorization = true;
        if (AUTH_HEADER.test(t.value) && t.type === "string") this.headerLiteral = true;
        continue;
      }
      const chain = this.chains[i];
      if (chain) this.chainChecks(chain);
      if (t.type === "name") {
        if (t.value === "switch" && !this.jsonata) this.switchStatement(i);
        if (t.value === "in") this.inCheck(i);
        continue;
      }
      if (t.type === "regex") {
        // /^abc$/.test(msg.req.query.token)
        const value = regexLiteral(t.value);
        if (
          value !== undefined &&
          this.isPunct(i + 1, ".") &&
          tokens[i + 2]?.value === "test" &&
          this.isPunct(i + 3, "(")
        ) {
          const r = this.readRange(i + 4, this.pair[i + 3] ?? i + 4);
          if (r) this.judge(r, value);
        }
        continue;
      }
      if (t.type !== "punct") continue;
      switch (t.value) {
        case "===":
        case "!==":
        case "==":
        case "!=":
          this.compare(i);
          break;
        case "=":
          if (this.jsonata) this.compare(i);
          else this.assignment(i);
          break;
        case ":": {
          // { password: "…" } / { "x-api-key": "…" } / { Authorization: "Bearer …" }
          const key = tokens[i - 1];
          const value = this.literalAt(i + 1);
          if (
            !this.jsonata &&
            value !== undefined &&
            (key?.type === "name" || key?.type === "string") &&
            this.isPunct(i - 2, "{", ",") &&
            this.isPunct(i + 2, ",", "}")
          ) {
            this.assigned(key.value, value);
          }
          break;
        }
        case "]": {
          // ["…", "…"].includes(x)
          if (this.isPunct(i + 1, ".") && LIST_METHODS.has(tokens[i + 2]?.value ?? "") && this.isPunct(i + 3, "(")) {
            const open = this.pair[i] ?? -1;
            if (open >= 0) this.judgeList(this.readRange(i + 4, this.pair[i + 3] ?? i + 4), this.stringsIn(open, i));
          }
          break;
        }
        default:
          break;
      }
    }
    if (this.headerLiteral && this.mentionsAuthorization) this.kinds.add(KIND.header);
    return this.kinds;
  }

  /** `msg.req.query.token in tokens` (JS: a table's keys) / `payload.token in ["…"]` (JSONata: a list). */
  private inCheck(i: number): void {
    const left = this.operandBefore(i - 1);
    if (!left?.reading) return;
    if (this.jsonata && this.isPunct(i + 1, "[")) {
      this.judgeList(left.reading, this.stringsIn(i + 1, this.pair[i + 1] ?? i + 1));
      return;
    }
    const right = this.chains[i + 1];
    if (!right || right.steps.length > 0 || !this.tables.has(right.root) || left.reading.part === undefined) return;
    const keys = (this.tables.get(right.root) ?? []).filter((e) => e.keys.length === 1).map((e) => e.keys[0] ?? "");
    this.judgeList({ ...left.reading, names: left.reading.names.slice(0, 1) }, keys);
  }
}

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
