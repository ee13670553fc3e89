// The login page's words: translated by Node-RED when it can, else the English of the locale file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
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
] as const;

let english: Record<string, string> | undefined;

/** The English texts, straight from the auth-gate locale file (read once). */
function englishText(): Record<string, string> {
  if (!english) {
    try {
      const file = join(__dirname, "..", "..", "nodes", "locales", "en-US", "auth-gate.json");
      english = (JSON.parse(readFileSync(file, "utf8")) as { login: Record<string, string> }).login;
    } catch {
      english = {};
    }
  }
  return english;
}

/** The texts for a login page; `translate` is Node-RED's `RED._` when there is one. */
export function loginText(translate?: (key: string) => string): LoginPageText {
  const fallback = englishText();
  return Object.fromEntries(
    LOGIN_TEXT_KEYS.map((k) => {
      const key = `node-red-contrib-security/auth-gate:login.${k}`;
      const text = typeof translate === "function" ? translate(key) : key;
      return [k, text && text !== key && !text.endsWith(`login.${k}`) ? text : (fallback[k] ?? k)];
    }),
  ) as unknown as LoginPageText;
}
