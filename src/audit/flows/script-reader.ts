// Judges a piece of code on its token view (script-chains.ts): comparisons, string checks, lookups in
// tables and lists, switches and assignments that hold a fixed password, key or Authorization header.
import { tokenize, type Token } from "./js-tokens";
import { type Chain, type Reading, ScriptTokens, type Step } from "./script-chains";
import type { ScanContext } from "./types";
import { compareKind, isPasswordList } from "./script-judge";
import { KIND, isPlaceholder, isSecretName } from "./secret-words";
import { AUTH_HEADER, regexLiteral, scanStringContent } from "./string-secrets";

/** String methods that compare their receiver with their first argument. */
const CHECK_METHODS = new Set(
  "includes startsWith endsWith indexOf lastIndexOf localeCompare match search equals".split(" "),
);
/** Methods that look a value up in a list or set. */
const LIST_METHODS = new Set(["includes", "indexOf", "has", "lastIndexOf"]);
/** Names of lookup tables that hold logins. */
const TABLE_NAMES = /user|pass|pwd|token|key|secret|account|login|cred|auth/i;

export class ScriptReader extends ScriptTokens {
  readonly kinds: Set<string>;
  /** A string that is a whole Basic or Bearer header value. */
  private headerLiteral = false;

  constructor(
    code: string,
    jsonata: boolean,
    private readonly ctx: ScanContext,
  ) {
    // Comments only hold secrets as text (a key, a URL with a password); the rest reads tokens.
    const kinds = new Set<string>();
    const tokens: Token[] = [];
    for (const t of tokenize(code)) {
      if (t.type === "comment") scanStringContent(t.value, kinds);
      else tokens.push(t);
    }
    super(tokens, jsonata);
    this.kinds = kinds;
  }

  /** Reports `value` when it is a fixed password or key compared with what `r` reads. */
  private judge(r: Reading, value: string): boolean {
    const kind = compareKind(r, value, this.ctx.fromOutside);
    if (kind === undefined) return false;
    this.kinds.add(kind);
    return true;
  }

  /** Checks a list of fixed strings against what `r` reads; reports it as a table of passwords. */
  private judgeList(r: Reading | undefined, values: readonly string[], named = false): void {
    if (r && isPasswordList(r, values, this.ctx.fromOutside, named)) this.kinds.add(KIND.table);
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
