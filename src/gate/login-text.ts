// The login page's words, in the visitor's language: the best of the shipped languages (en-US, de, ja)
// for the browser's Accept-Language, each text looked up where the caller says (Node-RED's i18n for the
// auth-gate node, the package's own catalogue in login-catalogue.ts elsewhere).
import { DEFAULT_LANGUAGE, type Language, languageFromAcceptLanguage } from "../i18n/catalog";
import type { LoginPageText } from "./login-page";

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
  "outsidePath",
] as const satisfies readonly (keyof LoginPageText)[];

/** The login page's texts in one language, and that language for `<html lang>`. */
export interface LocalizedLoginText {
  readonly lang: Language;
  readonly text: LoginPageText;
}

/** Picks the texts for a request's Accept-Language header. */
export type LoginTextSource = (acceptLanguage: string | undefined) => LocalizedLoginText;

/** One text of the login page ("login" group of auth-gate.json) in one language; undefined when it has none. */
export type LoginTextLookup = (lang: Language, key: keyof LoginPageText) => string | undefined;

/** The texts for a login page in `lang`; a key that language lacks comes from en-US, then is the key itself. */
export function loginTextIn(lookup: LoginTextLookup, lang: Language = DEFAULT_LANGUAGE): LoginPageText {
  return Object.fromEntries(
    LOGIN_TEXT_KEYS.map((k) => [k, lookup(lang, k) ?? lookup(DEFAULT_LANGUAGE, k) ?? k]),
  ) as unknown as LoginPageText;
}

/** A source that picks the language for a visitor's Accept-Language header (q-values honoured). */
export function loginTextSource(lookup: LoginTextLookup): LoginTextSource {
  return (acceptLanguage) => {
    const lang = languageFromAcceptLanguage(acceptLanguage);
    return { lang, text: loginTextIn(lookup, lang) };
  };
}
