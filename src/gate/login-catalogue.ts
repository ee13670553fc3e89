// The login page's words as the package ships them (nodes/locales/<lang>/auth-gate.json, "login" group),
// for the gates that run without Node-RED's i18n: the settings.js factories and the editor login.
/* eslint-disable @typescript-eslint/no-require-imports -- the locale files are part of the module graph */
import type { Language } from "../i18n/catalog";
import { type LoginTextLookup, type LoginTextSource, loginTextSource } from "./login-text";

/** The catalogues, required here so that bundlers and dependency graphs see them (and npm ships nodes/). */
const CATALOGUES: Readonly<Record<Language, unknown>> = {
  "en-US": require("../../nodes/locales/en-US/auth-gate.json") as unknown,
  de: require("../../nodes/locales/de/auth-gate.json") as unknown,
  ja: require("../../nodes/locales/ja/auth-gate.json") as unknown,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The "login" group of one language's catalogue ({} when it has none). */
function loginGroup(lang: Language): Readonly<Record<string, unknown>> {
  const group = (CATALOGUES[lang] as { login?: unknown } | undefined)?.login;
  return typeof group === "object" && group !== null ? (group as Record<string, unknown>) : {};
}

/** One shipped login text. */
export const shippedLoginText: LoginTextLookup = (lang, key) => {
  const text = loginGroup(lang)[key];
  return typeof text === "string" ? text : undefined;
};

/** The login page's language and shipped texts for a visitor's Accept-Language header. */
export const loginTextFor: LoginTextSource = loginTextSource(shippedLoginText);
