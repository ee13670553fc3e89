// The login page's words, in the visitor's language: the best of the shipped languages (en-US, de, ja)
// for the browser's Accept-Language, read from nodes/locales/<lang>/auth-gate.json ("login" group).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoginPageText } from "./login-page";
import { DEFAULT_LANGUAGE, type Language, languageFromAcceptLanguage } from "../i18n/catalog";

export const LOGIN_TEXT_KEYS = [
  "heading",
  "username",
  "password",
  "submit",
  "wrong",
  "locked",
  "busy",
  "forbidden",
  "expired",
  "loggedOut",
  "formError",
  "code",
  "codeHint",
  "verify",
  "restart",
  "codeWrong",
  "codeExpired",
  "secondFactorMissing",
  "unavailable",
] as const;

/** The login page's texts in one language, and that language for `<html lang>`. */
export interface LocalizedLoginText {
  readonly lang: Language;
  readonly text: LoginPageText;
}

/** Picks the texts for a request's Accept-Language header. */
export type LoginTextSource = (acceptLanguage: string | undefined) => LocalizedLoginText;

const cache = new Map<Language, Record<string, string>>();

/** The "login" group of one language's auth-gate locale file (read once; {} when missing). */
function loginGroup(lang: Language): Record<string, string> {
  let group = cache.get(lang);
  if (!group) {
    try {
      const file = join(__dirname, "..", "..", "nodes", "locales", lang, "auth-gate.json");
      const parsed = (JSON.parse(readFileSync(file, "utf8")) as { login?: unknown }).login;
      group = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      group = {};
    }
    cache.set(lang, group);
  }
  return group;
}

/** The texts for a login page in `lang`; a key that language lacks comes from en-US. */
export function loginText(lang: Language = DEFAULT_LANGUAGE): LoginPageText {
  const own = loginGroup(lang);
  const english = loginGroup(DEFAULT_LANGUAGE);
  return Object.fromEntries(
    LOGIN_TEXT_KEYS.map((k) => [k, typeof own[k] === "string" ? own[k] : (english[k] ?? k)]),
  ) as unknown as LoginPageText;
}

/** The login page's language and texts for a visitor's Accept-Language header (q-values honoured). */
export const loginTextFor: LoginTextSource = (acceptLanguage) => {
  const lang = languageFromAcceptLanguage(acceptLanguage);
  return { lang, text: loginText(lang) };
};
