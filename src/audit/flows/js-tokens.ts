// A small JavaScript tokenizer for reading function-node code (and JSONata, which is close enough): strings,
// template literals, comments and regular expressions are told apart from code, so a word in a string or a
// comment is never read as code. Rough by design — no grammar, linear time, never throws.

export type TokenType = "name" | "string" | "template" | "number" | "regex" | "punct" | "comment";

export interface Token {
  readonly type: TokenType;
  /** The text: a string's or template piece's value (escapes resolved roughly), a regex's source, a name. */
  readonly value: string;
  /** A template piece of a literal with `${…}` in it: not a fixed string. */
  readonly dynamic: boolean;
  /** A line break comes before this token (for the end of statements without `;`). */
  readonly newline: boolean;
}

const PUNCTUATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
];

const PUNCTUATORS_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTUATORS) {
  const first = p[0] as string;
  PUNCTUATORS_BY_FIRST.set(first, [...(PUNCTUATORS_BY_FIRST.get(first) ?? []), p]);
}

/** After these words a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", 0: "\0" };

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c === 35 || c > 127;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokens of `source` (its first `max` characters). */
export function tokenize(source: string, max = 200_000): Token[] {
  return new Tokenizer(source.length > max ? source.slice(0, max) : source).run();
}

/** One pass over a source text; each method reads one kind of token from `i`. */
class Tokenizer {
  private readonly tokens: Token[] = [];
  /** One entry per open `{`: true when it opened a template substitution `${`. */
  private readonly braces: boolean[] = [];
  private readonly n: number;
  private i = 0;
  private newline = false;

  constructor(private readonly src: string) {
    this.n = src.length;
  }

  run(): Token[] {
    const src = this.src;
    while (this.i < this.n) {
      const i = this.i;
      const c = src.charCodeAt(i);
      const ch = src[i] as string;
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
        this.newline = true;
        this.i++;
      } else if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
        this.i++;
      } else if (ch === "/" && (src[i + 1] === "/" || src[i + 1] === "*")) {
        this.comment(src[i + 1] === "*");
      } else if (ch === '"' || ch === "'") {
        this.string(c);
      } else if (ch === "`") {
        this.i++;
        this.templatePiece(true);
      } else if (isNameStart(c)) {
        this.word("name", false);
      } else if (isDigit(c) || (ch === "." && isDigit(src.charCodeAt(i + 1)))) {
        this.word("number", true);
      } else if (!(ch === "/" && this.regexAllowed() && this.regex())) {
        this.punct(ch);
      }
    }
    return this.tokens;
  }

  private push(type: TokenType, value: string, dynamic = false): void {
    // Every token has the same shape: faster than optional fields on a hot path.
    this.tokens.push({ type, value, dynamic, newline: this.newline });
    this.newline = false;
  }

  /** A `//` or `/* … *\/` comment; a line break in or after it still counts for the next token. */
  private comment(block: boolean): void {
    const src = this.src;
    const i = this.i;
    if (!block) {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? this.n : end;
      const saved: boolean = this.newline;
      this.push("comment", src.slice(i + 2, stop));
      this.newline = saved;
      this.i = stop;
      return;
    }
    const end = src.indexOf("*/", i + 2);
    const stop = end < 0 ? this.n : end;
    const body = src.slice(i + 2, stop);
    const saved: boolean = this.newline || body.includes("\n");
    this.push("comment", body);
    this.newline = saved;
    this.i = end < 0 ? this.n : end + 2;
  }

  /** A string in the quote `quote` (a char code), which ends at the line's end when left open. */
  private string(quote: number): void {
    const src = this.src;
    const n = this.n;
    let value = "";
    let i = this.i + 1;
    let from = i;
    while (i < n) {
      const q = src.charCodeAt(i);
      if (q === quote || q === 10) break;
      if (q === 92) {
        value += src.slice(from, i);
        const e = src[i + 1] ?? "";
        if (e !== "\n") value += ESCAPES[e] ?? e;
        i += 2;
        from = i;
      } else {
        i++;
      }
    }
    value += src.slice(from, Math.min(i, n));
    this.i = i + 1;
    this.push("string", value);
  }

  /** Reads a template piece from i (just after "`" or the "}" closing a substitution). */
  private templatePiece(opened: boolean): void {
    const src = this.src;
    let value = "";
    while (this.i < this.n) {
      const c = src[this.i] as string;
      if (c === "\\") {
        const e = src[this.i + 1] ?? "";
        value += ESCAPES[e] ?? e;
        this.i += 2;
        continue;
      }
      if (c === "`") {
        this.i++;
        this.push("template", value, !opened);
        return;
      }
      if (c === "$" && src[this.i + 1] === "{") {
        this.i += 2;
        this.push("template", value, true);
        this.braces.push(true);
        return;
      }
      value += c;
      this.i++;
    }
    this.push("template", value, true);
  }

  /** A name, or a number (which may hold dots: `1.5`, `.5`). */
  private word(type: "name" | "number", dots: boolean): void {
    const src = this.src;
    const start = this.i;
    let i = start;
    while (i < this.n && (isNamePart(src.charCodeAt(i)) || (dots && src[i] === "."))) i++;
    this.i = i;
    this.push(type, src.slice(start, i));
  }

  private regexAllowed(): boolean {
    const last = this.tokens.at(-1);
    if (!last) return true;
    if (last.type === "name") return BEFORE_REGEX.has(last.value);
    if (last.type === "punct") return last.value !== ")" && last.value !== "]";
    return last.type === "comment";
  }

  /** A regular expression literal from the `/` at i; false (nothing read) when it does not close on its line. */
  private regex(): boolean {
    const src = this.src;
    const n = this.n;
    let j = this.i + 1;
    let inClass = false;
    while (j < n && src[j] !== "\n") {
      const r = src[j];
      if (r === "\\") {
        j += 2;
        continue;
      }
      if (r === "[") inClass = true;
      else if (r === "]") inClass = false;
      else if (r === "/" && !inClass) {
        const body = src.slice(this.i + 1, j);
        j++;
        while (j < n && isNamePart(src.charCodeAt(j))) j++;
        this.i = j;
        this.push("regex", body);
        return true;
      }
      j++;
    }
    return false;
  }

  /** A bracket (a `}` may close a template substitution) or an operator, longest first. */
  private punct(ch: string): void {
    const src = this.src;
    if (ch === "{") {
      this.braces.push(false);
      this.push("punct", "{");
      this.i++;
      return;
    }
    if (ch === "}") {
      this.i++;
      if (this.braces.pop() === true) this.templatePiece(false);
      else this.push("punct", "}");
      return;
    }
    const op = (PUNCTUATORS_BY_FIRST.get(ch) ?? []).find((p) => src.startsWith(p, this.i));
    // "?.5" is a conditional before a number, not optional chaining.
    if (op !== undefined && !(op === "?." && isDigit(src.charCodeAt(this.i + 2)))) {
      this.push("punct", op);
      this.i += op.length;
      return;
    }
    this.push("punct", ch);
    this.i++;
  }
}

/** For every bracket token, the index of its partner (-1 when unmatched). */
export function matchBrackets(tokens: readonly Token[]): Int32Array {
  const pair = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  const opens: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };
  tokens.forEach((t, i) => {
    if (t.type !== "punct") return;
    if (t.value === "(" || t.value === "[" || t.value === "{") {
      stack.push(i);
      return;
    }
    const open = opens[t.value];
    if (open === undefined) return;
    // Unwind past unmatched openers (broken code) to the nearest matching one.
    for (let k = stack.length - 1; k >= 0; k--) {
      const j = stack[k] as number;
      if (tokens[j]?.value === open) {
        pair[i] = j;
        pair[j] = i;
        stack.length = k;
        return;
      }
    }
  });
  return pair;
}
