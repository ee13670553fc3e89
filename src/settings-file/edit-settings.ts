// The settings.js editor behind the tab's and the CLI's one-click fixes (HTTPS, the editor login, the
// one-line settings): inserts `key: value,` lines into the exported object, next to Node-RED's own
// commented-out example of that key when there is one. It never overwrites an active key, keeps a
// dated backup, loads the new file in a child process the way Node-RED does before it replaces the
// old one (temporary file in the same folder, then rename), and returns the diff and restart advice.
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chownSync,
  existsSync,
  chmodSync,
  constants,
  copyFileSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { unifiedDiff } from "./diff";
import { loadInChild } from "./load-check";
import { restartAdvice, type RestartAdvice } from "./restart";

export interface SettingsEntry {
  /** A top-level key of the exported object, e.g. "https". */
  readonly key: string;
  /** JavaScript source of its value, e.g. `require("node-red-contrib-security").https()`. */
  readonly value: string;
}

export type SettingsEditErrorCode =
  "not-found" | "unwritable" | "not-loadable" | "active-key" | "no-exports" | "check-failed";

/**
 * Each refusal's words in English (err.message, for the log): the same texts, with `__name__`
 * placeholders, are "settingsEdit.<reason>" in plugins/locales/<lang>/security-sidebar.json, where the
 * Security tab and the CLI put them into the user's language.
 */
export const SETTINGS_EDIT_TEXTS = {
  notAKey: '"__key__" is not a settings key',
  notFound: "__file__ cannot be read: is this Node-RED's settings file?",
  unwritable:
    "__file__ (or its folder) cannot be written by the user Node-RED runs as: nothing was changed. Add the lines by hand, or fix the file's owner.",
  notLoadable: "__file__ does not load as it is (__error__): nothing was changed. Fix it first.",
  nothingToAdd: "__file__ already sets __keys__: nothing to add.",
  activeKey: "__file__ already sets __key__: it is not overwritten. Change that line to: __wanted__",
  activeKeyOnLine:
    "__file__ already sets __key__ on line __line__: it is not overwritten. Change that line to: __wanted__",
  noExports: 'settings.js has no line starting with "module.exports = {": add the lines by hand (the diff shows them).',
  checkFailed: "The edited settings.js would not load as Node-RED loads it (__error__): nothing was changed.",
} as const;
export type SettingsEditReason = keyof typeof SETTINGS_EDIT_TEXTS;

/** Fills `__name__` placeholders (values are inserted as they are, never read as placeholders). */
function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/__([A-Za-z0-9]+)__/g, (whole, name: string) => params[name] ?? whole);
}

export class SettingsEditError extends Error {
  constructor(
    readonly code: SettingsEditErrorCode,
    /** Which refusal: its words are SETTINGS_EDIT_TEXTS[reason] with `params` filled in. */
    readonly reason: SettingsEditReason,
    /** The values in the message: file, key, keys, line, wanted (the line to put there), error. */
    readonly params: Readonly<Record<string, string>> = {},
    /** For "active-key": where the key is set, and the line to put there instead. */
    readonly activeKey?: {
      readonly key: string;
      readonly line?: number;
      readonly text?: string;
      readonly wanted: string;
    },
  ) {
    super(fill(SETTINGS_EDIT_TEXTS[reason], params));
  }

  /** The refusal as a message of the sidebar's catalogue, to put into the user's language. */
  get text(): { readonly key: string; readonly params: Readonly<Record<string, string>> } {
    return { key: `settingsEdit.${this.reason}`, params: this.params };
  }
}

export interface SettingsEditResult {
  readonly file: string;
  readonly backup: string;
  readonly diff: string;
  readonly restart: RestartAdvice;
}

export interface SettingsEditOptions {
  readonly now?: Date;
  /** The Node.js that loads the file the way Node-RED will (default: this one). */
  readonly node?: string;
  /** Who asked (for the comment and the caller's log line). */
  readonly by?: string;
  readonly restart?: RestartAdvice;
  /** Keys that may already be set: then they are left as they are instead of refusing. */
  readonly keepExisting?: readonly string[];
}

const KEY_PATTERN = /^[A-Za-z_$][\w$]*$/;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The 1-based line where `key` is set (uncommented), if one can be found. */
function activeLine(lines: readonly string[], key: string): number | undefined {
  const re = new RegExp(`^\\s*["']?${escape(key)}["']?\\s*:`);
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}

/** Index of Node-RED's commented-out example of `key` (`//https: {`, `// https: function() {`). */
function commentedLine(lines: readonly string[], key: string, from: number): number | undefined {
  const re = new RegExp(`^\\s*//\\s*${escape(key)}\\s*:`);
  for (let i = from; i < lines.length; i++) if (re.test(lines[i] ?? "")) return i;
  return undefined;
}

function entryLine(indent: string, entry: SettingsEntry): string {
  return `${indent}${entry.key}: ${entry.value},`;
}

function stamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/:/g, "-");
}

/**
 * Where each entry goes: before the commented-out example of its key when `nearComments`, else first
 * in the exported object. Throws "no-exports" when there is no `module.exports = {`.
 */
export function planInsertion(
  source: string,
  entries: readonly SettingsEntry[],
  nearComments: boolean,
  note: string,
): string {
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  const lines = source.split(/\r?\n/);
  const exportLine = lines.findIndex((l) => /^\s*module\.exports\s*=\s*\{/.test(l));
  if (exportLine < 0) {
    throw new SettingsEditError("no-exports", "noExports");
  }
  const exportText = lines[exportLine] ?? "";
  const braceAt = exportText.indexOf("{", exportText.indexOf("module.exports"));
  const rest = exportText.slice(braceAt + 1);
  // A one-line object (`module.exports = { uiPort: 1880 }`) is split after its brace.
  const split =
    rest.trim() !== "" ? { head: exportText.slice(0, braceAt + 1), tail: rest.replace(/^\s*/, "") } : undefined;
  const work = split
    ? [...lines.slice(0, exportLine), split.head, `    ${split.tail}`, ...lines.slice(exportLine + 1)]
    : lines;
  const next = work[exportLine + 1] ?? "";
  const indent = /^(\s*)\S/.exec(next)?.[1] || "    ";
  const byPosition = new Map<number, string[]>();
  for (const entry of entries) {
    const near = nearComments ? commentedLine(work, entry.key, exportLine + 1) : undefined;
    const at = near ?? exportLine + 1;
    const lineIndent = near !== undefined ? (/^(\s*)/.exec(work[near] ?? "")?.[1] ?? indent) : indent;
    const list = byPosition.get(at) ?? [];
    if (list.length === 0) list.push(`${lineIndent}// ${note}`);
    list.push(entryLine(lineIndent || indent, entry));
    byPosition.set(at, list);
  }
  const out: string[] = [];
  for (let i = 0; i <= work.length; i++) {
    const ins = byPosition.get(i);
    if (ins) out.push(...ins);
    if (i < work.length) out.push(work[i] ?? "");
  }
  return out.join(eol);
}

interface Preflight {
  readonly source: string;
  readonly entries: readonly SettingsEntry[];
  /** Entries whose key is set to an empty object: their value's contents go into it. */
  readonly fills: readonly SettingsEntry[];
}

/** An object literal's contents (`{ palette: {…} }` → `palette: {…}`); undefined for any other value. */
function objectContents(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed.startsWith("{") && trimmed.endsWith("}") ? trimmed.slice(1, -1).trim() || undefined : undefined;
}

/**
 * The checks before any edit: the file is readable, writable, loads, and sets none of the keys yet
 * (those in keepExisting are dropped instead). Throws SettingsEditError; writes nothing.
 */
async function preflight(
  file: string,
  entries: readonly SettingsEntry[],
  options: SettingsEditOptions,
): Promise<Preflight> {
  for (const e of entries) {
    if (!KEY_PATTERN.test(e.key)) throw new SettingsEditError("check-failed", "notAKey", { key: e.key });
  }
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    throw new SettingsEditError("not-found", "notFound", { file });
  }
  try {
    accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new SettingsEditError("unwritable", "unwritable", { file });
  }
  const before = await loadInChild(file, options.node);
  if (!before.ok) {
    throw new SettingsEditError("not-loadable", "notLoadable", { file, error: before.error });
  }
  const lines = source.split(/\r?\n/);
  const keep = new Set(options.keepExisting ?? []);
  const skipped = entries.filter((e) => keep.has(e.key) && before.keys.includes(e.key));
  const left = entries.filter((e) => !skipped.includes(e));
  if (left.length === 0) {
    throw new SettingsEditError("active-key", "nothingToAdd", {
      file,
      keys: skipped.map((e) => e.key).join(", "),
    });
  }
  const fills = left.filter((e) => before.emptyObjects.includes(e.key) && objectContents(e.value) !== undefined);
  for (const e of left) {
    if (before.keys.includes(e.key) && !fills.includes(e)) {
      const line = activeLine(lines, e.key);
      const wanted = entryLine("", e);
      throw new SettingsEditError(
        "active-key",
        line === undefined ? "activeKey" : "activeKeyOnLine",
        { file, key: e.key, ...(line === undefined ? {} : { line: String(line) }), wanted },
        { key: e.key, ...(line === undefined ? {} : { line, text: (lines[line - 1] ?? "").trim() }), wanted },
      );
    }
  }
  return { source, entries: left.filter((e) => !fills.includes(e)), fills };
}

/**
 * Puts each fill's contents into the empty object its key is set to (`key: {` and Node-RED's commented
 * examples, or `key: {}`), first in it. Throws when the key's line is not of either shape.
 */
export function fillEmptyObjects(file: string, source: string, fills: readonly SettingsEntry[], note: string): string {
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  const lines = source.split(/\r?\n/);
  for (const entry of fills) {
    const line = activeLine(lines, entry.key);
    const text = line === undefined ? "" : (lines[line - 1] ?? "");
    const contents = objectContents(entry.value) ?? "";
    const indent = /^(\s*)/.exec(text)?.[1] ?? "";
    if (line !== undefined && /:\s*\{\s*\}\s*,?\s*(\/\/.*)?$/.test(text)) {
      lines.splice(line - 1, 1, `${indent}// ${note}`, text.replace(/\{\s*\}/, `{ ${contents} }`));
    } else if (line !== undefined && /:\s*\{\s*(\/\/.*)?$/.test(text)) {
      lines.splice(line, 0, `${indent}    // ${note}`, `${indent}    ${contents},`);
    } else {
      const wanted = entryLine("", entry);
      throw new SettingsEditError(
        "active-key",
        line === undefined ? "activeKey" : "activeKeyOnLine",
        { file, key: entry.key, ...(line === undefined ? {} : { line: String(line) }), wanted },
        { key: entry.key, ...(line === undefined ? {} : { line, text: text.trim() }), wanted },
      );
    }
  }
  return lines.join(eol);
}

/** Runs the checks addSettings makes first, writing nothing: for callers with work to do before the edit. */
export async function checkSettingsEdit(
  file: string,
  entries: readonly SettingsEntry[],
  options: SettingsEditOptions = {},
): Promise<void> {
  await preflight(file, entries, options);
}

/**
 * Adds `entries` to the settings.js at `file`. Refuses, writing nothing, when the file is missing,
 * unwritable, does not load, already sets one of the keys, or would not load (or lack a key) after the edit.
 */
export async function addSettings(
  file: string,
  wanted: readonly SettingsEntry[],
  options: SettingsEditOptions = {},
): Promise<SettingsEditResult> {
  const now = options.now ?? new Date();
  const { source: original, entries, fills } = await preflight(file, wanted, options);
  const mode = statSync(file).mode & 0o777;
  let backup = join(dirname(file), `${basename(file)}.backup-${stamp(now)}`);
  for (let n = 2; existsSync(backup); n++)
    backup = join(dirname(file), `${basename(file)}.backup-${stamp(now)}-${String(n)}`);
  const note = `Added by node-red-contrib-security on ${now.toISOString().slice(0, 10)}${options.by ? ` for ${options.by}` : ""} (backup: ${basename(backup)})`;
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp.js`);
  const source = original;
  const filled = fills.length > 0 ? fillEmptyObjects(file, original, fills, note) : original;
  let lastError = "";
  try {
    // First beside Node-RED's commented-out examples; if that lands inside something else, at the top.
    for (const nearComments of [true, false]) {
      const text = entries.length > 0 ? planInsertion(filled, entries, nearComments, note) : filled;
      writeFileSync(tmp, text, { mode });
      const after = await loadInChild(tmp, options.node);
      if (!after.ok) {
        lastError = after.error;
        continue;
      }
      const missing = [
        ...entries.filter((e) => !after.keys.includes(e.key)),
        ...fills.filter((e) => after.emptyObjects.includes(e.key)),
      ];
      if (missing.length) {
        lastError = `${missing.map((e) => e.key).join(", ")} did not end up in the exported settings`;
        continue;
      }
      copyFileSync(file, backup);
      chmodSync(tmp, mode);
      // Run as root (sudo) on someone else's file: the new file keeps the old one's owner.
      if (process.getuid?.() === 0) {
        const { uid, gid } = statSync(file);
        chownSync(tmp, uid, gid);
        chownSync(backup, uid, gid);
      }
      renameSync(tmp, file);
      const diff = unifiedDiff(source, text, basename(file));
      return { file, backup, diff, restart: options.restart ?? restartAdvice() };
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  throw new SettingsEditError("check-failed", "checkFailed", { error: lastError });
}
