// The package's own locale loader, for the texts its runtime code puts into words.
//
// Languages: en-US (the source), de and ja. Texts live in JSON catalogues, one per language:
//   locales/<lang>/findings.json      every finding, one group per rule id:
//                                     "NRS-FLOW-003": { "title", "passTitle", "why", "fix": [...], <detail keys> }
//                                     (rules name keys with messages("NRS-FLOW-003") from src/i18n/messages.ts)
//   locales/<lang>/cli.json           the CLI's text output (JSON and SARIF stay English and stable)
//   nodes/locales/<lang>/*.json|html  the node dialogs, their help and the login page (Node-RED loads these too)
//   plugins/locales/<lang>/*.json     the sidebar (Node-RED loads these for the editor)
// Placeholders are written __name__, as in Node-RED's own catalogues, and must be the same in every language.
// A key missing in a language falls back to en-US, then to the key itself; test/unit/i18n checks none is missing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMessage, type Text } from "./messages";

export const LANGUAGES = ["en-US", "de", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en-US";

/** The package's root folder (dist/i18n/… or src/i18n/… are two levels below it). */
export const PACKAGE_ROOT = join(__dirname, "..", "..");

/** The shipped language for a language tag ("de-DE" → de, "en" → en-US, "ja_JP.UTF-8" → ja), if any. */
export function matchLanguage(tag: unknown): Language | undefined {
  if (typeof tag !== "string") return undefined;
  const clean = tag.trim().split(/[.@]/)[0]?.replace(/_/g, "-").toLowerCase() ?? "";
  if (clean === "") return undefined;
  const exact = LANGUAGES.find((l) => l.toLowerCase() === clean);
  if (exact) return exact;
  const primary = clean.split("-")[0];
  return LANGUAGES.find((l) => l.toLowerCase().split("-")[0] === primary);
}

/** The best shipped language for an Accept-Language header (q-values honoured), else en-US. */
export function languageFromAcceptLanguage(header: unknown): Language {
  if (typeof header !== "string" || header.length > 1000) return DEFAULT_LANGUAGE;
  const wanted = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";").map((s) => s.trim());
      const q = params.find((p) => /^q=/i.test(p));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((w) => w.weight > 0 && w.tag !== "" && w.tag !== "*")
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const w of wanted) {
    const lang = matchLanguage(w.tag);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

/** The language of a command line: LC_ALL, then LC_MESSAGES, then LANG, as gettext reads them; else en-US. */
export function languageFromEnvironment(env: NodeJS.ProcessEnv = process.env): Language {
  for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = env[name];
    if (value !== undefined && value !== "")
      return value === "C" || value === "POSIX" ? "en-US" : (matchLanguage(value) ?? "en-US");
  }
  return DEFAULT_LANGUAGE;
}

type Catalogue = Readonly<Record<string, unknown>>;
const loaded = new Map<string, Catalogue>();

/** One catalogue file of one language, read once; {} when it is missing or broken. */
export function catalogue(file: string, lang: Language, folder = "locales"): Catalogue {
  const id = `${folder}/${lang}/${file}`;
  let cat = loaded.get(id);
  if (!cat) {
    try {
      const parsed = JSON.parse(readFileSync(join(PACKAGE_ROOT, folder, lang, file), "utf8")) as unknown;
      cat = typeof parsed === "object" && parsed !== null ? (parsed as Catalogue) : {};
    } catch {
      cat = {};
    }
    loaded.set(id, cat);
  }
  return cat;
}

/** The text at a dotted key ("NRS-FLOW-003.fix.0"); the group before the first dot may hold dashes. */
export function lookup(cat: Catalogue, key: string): string | undefined {
  let node: unknown = cat;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Fills `__name__` placeholders; unknown ones stay as they are. */
export function interpolate(text: string, params: Readonly<Record<string, string>> = {}): string {
  return text.replace(/__([A-Za-z0-9]+)__/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? (params[name] ?? whole) : whole,
  );
}

export type Translate = (text: Text) => string;

/** Puts texts of one catalogue file into words in one language (falling back to en-US, then the key). */
export function translator(file: string, lang: Language, folder = "locales"): Translate {
  const own = catalogue(file, lang, folder);
  const english = catalogue(file, DEFAULT_LANGUAGE, folder);
  const translate: Translate = (text) => {
    if (!isMessage(text)) return text;
    const template = lookup(own, text.key) ?? lookup(english, text.key) ?? text.key;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(text.params ?? {})) {
      params[name] = typeof value === "number" ? String(value) : translate(value);
    }
    return interpolate(template, params);
  };
  return translate;
}
