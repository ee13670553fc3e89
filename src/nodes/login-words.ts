// The auth-gate node's login page words from Node-RED's i18n: RED._ in the visitor's language, which
// reads the same nodes/locales/<lang>/auth-gate.json. Node-RED loads a language's catalogue only once an
// editor asked for it, so a text RED._ does not have in that language (it is asked for no fallback) comes
// from the package's own copy of the catalogue; the test helper's RED._, which answers the key, too.
import { shippedLoginText } from "../gate/login-catalogue";
import { type LoginTextSource, loginTextSource } from "../gate/login-text";
import type { RedApi } from "../red-api";

export function redLoginText(RED: Pick<RedApi, "_">): LoginTextSource {
  return loginTextSource((lang, key) => {
    const id = `login.${key}`;
    let text: unknown;
    try {
      // "__minutes__" stays for the login page to fill in; fallbackLng [] keeps i18next from answering in English.
      text =
        typeof RED._ === "function" ? RED._(id, { lng: lang, fallbackLng: [], minutes: "__minutes__" }) : undefined;
    } catch {
      text = undefined;
    }
    if (typeof text === "string" && text !== "" && text !== id && !text.endsWith(`:${id}`)) return text;
    return shippedLoginText(lang, key);
  });
}
