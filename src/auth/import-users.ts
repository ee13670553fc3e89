// Reads users pasted from a settings.js adminAuth block (or a JSON list) without running any code.
import { classifyHash } from "./password-hash";
import { userName } from "../shared/validate";

export interface ImportedUser {
  readonly username: string;
  readonly roles: string[];
  readonly hash: string;
}

export interface ImportResult {
  readonly accepted: ImportedUser[];
  readonly rejected: { username: string; reason: string }[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  0: "\0",
};

/** The character a JavaScript string escape at `text[at]` (a backslash) stands for, and its length. */
function escapeAt(text: string, at: number): [string, number] {
  const kind = text.charAt(at + 1);
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined && !(kind === "0" && /[0-9]/.test(text.charAt(at + 2)))) return [simple, 2];
  // A legacy octal escape (settings.js is not strict code): up to three digits, at most \377.
  const octal = /^[0-3][0-7]{0,2}|^[4-7][0-7]?/.exec(text.slice(at + 1, at + 4));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), octal[0].length + 1];
  const hex = (digits: string, length?: number): number | undefined =>
    /^[0-9a-fA-F]+$/.test(digits) && (length === undefined || digits.length === length)
      ? parseInt(digits, 16)
      : undefined;
  if (kind === "x") {
    const code = hex(text.slice(at + 2, at + 4), 2);
    if (code !== undefined) return [String.fromCharCode(code), 4];
  }
  if (kind === "u" && text.charAt(at + 2) === "{") {
    const end = text.indexOf("}", at + 3);
    const code = end < 0 ? undefined : hex(text.slice(at + 3, end));
    if (code !== undefined && code <= 0x10ffff) return [String.fromCodePoint(code), end - at + 1];
  } else if (kind === "u") {
    const code = hex(text.slice(at + 2, at + 6), 4);
    if (code !== undefined) return [String.fromCharCode(code), 6];
  }
  // A line continuation stands for nothing; any other escaped character for itself.
  if (kind === "\n") return ["", 2];
  if (kind === "\r") return ["", text.charAt(at + 2) === "\n" ? 3 : 2];
  return [kind, 2];
}

/** Turns the JavaScript people paste (unquoted keys, single quotes, comments, trailing commas) into JSON. */
export function relaxedJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (ch === "/" && next === "/") {
      while (i < text.length && text.charAt(i) !== "\n") i += 1;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = "";
      while (j < text.length && text.charAt(j) !== ch) {
        if (text.charAt(j) === "\\" && j + 1 < text.length) {
          const [decoded, length] = escapeAt(text, j);
          value += decoded;
          j += length;
        } else {
          value += text.charAt(j);
          j += 1;
        }
      }
      out += JSON.stringify(value);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      let j = i;
      while (j < text.length && /[\w$]/.test(text.charAt(j))) j += 1;
      const word = text.slice(i, j);
      const rest = text.slice(j).trimStart();
      out += rest.startsWith(":") || !["true", "false", "null"].includes(word) ? JSON.stringify(word) : word;
      i = j;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

function findUsers(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== "object" || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.users)) return obj.users as unknown[];
  if (typeof obj.adminAuth === "object") return findUsers(obj.adminAuth);
  if (typeof obj.username === "string") return [obj];
  return undefined;
}

function rolesFrom(permissions: unknown): string[] {
  const list = typeof permissions === "string" ? [permissions] : Array.isArray(permissions) ? permissions : [];
  return list
    .filter((p): p is string => typeof p === "string")
    .map((p) => (p === "*" ? "admin" : p))
    .filter((p, i, all) => all.indexOf(p) === i);
}

export function parseUserImport(text: string): ImportResult | Error {
  let trimmed = text.trim().replace(/[;,]\s*$/, "");
  // "adminAuth: { ... }" as copied out of settings.js.
  trimmed = trimmed.replace(/^adminAuth\s*:\s*/, "");
  if (trimmed.startsWith("users") && /^users\s*:/.test(trimmed)) trimmed = `{${trimmed}}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(relaxedJson(trimmed));
  } catch {
    return new Error(
      'The text could not be read: paste the users list, e.g. [{ username: "admin", password: "$2b$…", permissions: "*" }]',
    );
  }
  const users = findUsers(parsed);
  if (!users) return new Error("No users list found in the text");
  const accepted: ImportedUser[] = [];
  const rejected: { username: string; reason: string }[] = [];
  for (const entry of users) {
    const u = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const username = userName(u.username);
    if (!username) {
      rejected.push({ username: "", reason: "no user name" });
      continue;
    }
    if (classifyHash(u.password).kind !== "bcrypt") {
      rejected.push({ username, reason: "the password is not a bcrypt hash" });
      continue;
    }
    accepted.push({ username, roles: rolesFrom(u.permissions), hash: u.password as string });
  }
  return { accepted, rejected };
}
