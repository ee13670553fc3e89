// The words under a node (its status), as Node-RED's core nodes make them: RED._ on the runtime side,
// in the runtime's language (Node-RED's `lang` setting), from nodes/locales/<lang>/<node>.json. The
// editor would translate a bare key too, but without parameters, and a status here carries counts,
// paths and times. Where RED._ knows no such text (the test helper's RED._ answers the key itself), the
// package's own en-US catalogue words it.
import { DEFAULT_LANGUAGE, translator } from "../i18n/catalog";
import type { RedApi } from "../red-api";

export type StatusText = (key: string, params?: Readonly<Record<string, string | number>>) => string;

export function statusText(RED: Pick<RedApi, "_">, file: string): StatusText {
  const english = translator(file, DEFAULT_LANGUAGE, "nodes/locales");
  return (key, params = {}) => {
    let text: unknown;
    try {
      text = typeof RED._ === "function" ? RED._(key, { ...params }) : undefined;
    } catch {
      text = undefined;
    }
    if (typeof text === "string" && text !== "" && text !== key && !text.endsWith(`:${key}`)) return text;
    return english({ key, params });
  };
}
