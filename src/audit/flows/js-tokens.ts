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
  const src = source.length > max ? source.slice(0, max) : source;
  const n = src.length;
  const tokens: Token[] = [];
  /** One entry per open `{`: true when it opened a template substitution `${`. */
  const braces: boolean[] = [];
  let i = 0;
  let newline = false;

  const push = (type: TokenType, value: string, dynamic = false): void => {
    // Every token has the same shape: faster than optional fields on a hot path.
    tokens.push({ type, value, dynamic, newline });
    newline = false;
  };

  /** Reads a template piece from i (just after "`" or the "}" closing a substitution). */
  const templatePiece = (opened: boolean): void => {
    let value = "";
    while (i < n) {
      const c = src[i] as string;
      if (c === "\\") {
        const e = src[i + 1] ?? "";
        value += ESCAPES[e] ?? e;
        i += 2;
        continue;
      }
      if (c === "`") {
        i++;
        push("template", value, !opened);
        return;
      }
      if (c === "$" && src[i + 1] === "{") {
        i += 2;
        push("template", value, true);
        braces.push(true);
        return;
      }
      value += c;
      i++;
    }
    push("template", value, true);
  };

  const regexAllowed = (): boolean => {
    const last = tokens.at(-1);
    if (!last) return true;
    if (last.type === "name") return BEFORE_REGEX.has(last.value);
    if (last.type === "punct") return last.value !== ")" && last.value !== "]";
    return last.type === "comment";
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    const ch = src[i] as string;
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      newline = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (ch === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      const saved: boolean = newline;
      push("comment", src.slice(i + 2, stop));
      newline = saved;
      i = stop;
      continue;
    }
    if (ch === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end;
      const body = src.slice(i + 2, stop);
      const saved: boolean = newline || body.includes("\n");
      push("comment", body);
      newline = saved;
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = "";
      i++;
      let from = i;
      while (i < n) {
        const q = src.charCodeAt(i);
        if (q === c || q === 10) break;
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
      i++;
      push("string", value);
      continue;
    }
    if (ch === "`") {
      i++;
      templatePiece(true);
      continue;
    }
    if (isNameStart(c)) {
      const start = i;
      while (i < n && isNamePart(src.charCodeAt(i))) i++;
      push("name", src.slice(start, i));
      continue;
    }
    if (isDigit(c) || (ch === "." && isDigit(src.charCodeAt(i + 1)))) {
      const start = i;
      while (i < n && (isNamePart(src.charCodeAt(i)) || src[i] === ".")) i++;
      push("number", src.slice(start, i));
      continue;
    }
    if (ch === "/" && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      let closed = false;
      while (j < n && src[j] !== "\n") {
        const r = src[j];
        if (r === "\\") {
          j += 2;
          continue;
        }
        if (r === "[") inClass = true;
        else if (r === "]") inClass = false;
        else if (r === "/" && !inClass) {
          closed = true;
          break;
        }
        j++;
      }
      if (closed) {
        const body = src.slice(i + 1, j);
        j++;
        while (j < n && isNamePart(src.charCodeAt(j))) j++;
        i = j;
        push("regex", body);
        continue;
      }
    }
    if (ch === "{") {
      braces.push(false);
      push("punct", "{");
      i++;
      continue;
    }
    if (ch === "}") {
      i++;
      if (braces.pop() === true) {
        templatePiece(false);
      } else {
        push("punct", "}");
      }
      continue;
    }
    const op = (PUNCTUATORS_BY_FIRST.get(ch) ?? []).find((p) => src.startsWith(p, i));
    // "?.5" is a conditional before a number, not optional chaining.
    if (op !== undefined && !(op === "?." && isDigit(src.charCodeAt(i + 2)))) {
      push("punct", op);
      i += op.length;
      continue;
    }
    push("punct", ch);
    i++;
  }
  return tokens;
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
