// A finding's words as message keys: the texts themselves live in locales/<lang>/findings.json,
// one group per rule id ("NRS-FLOW-003": { "title", "passTitle", "why", "fix": [...], … }).
// Rules return keys and parameters; the report is put into words in one language when it is made
// (see src/i18n/catalog.ts), so snippets, counts, hosts and versions stay exactly as the rule found them.

/** Parameter values: plain values are inserted as they are, messages are translated first. */
export type MessageParam = string | number | Message;

export interface Message {
  /** "<group>.<name>", e.g. "NRS-FLOW-003.title" or "NRS-FLOW-003.fix.0". */
  readonly key: string;
  /** Values for the `__name__` placeholders of the text. */
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A text of a finding: a message to translate, or a plain value shown as it is (a path, an error). */
export type Text = string | Message;

/** The message maker of one group: `msg("title")` is the key "<group>.title". */
export function messages(group: string): (name: string, params?: Readonly<Record<string, MessageParam>>) => Message {
  return (name, params) => (params === undefined ? { key: `${group}.${name}` } : { key: `${group}.${name}`, params });
}

/** The report's notes (what could not be checked, and why): "notes.*" in locales/<lang>/findings.json. */
export const note = messages("notes");

export function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as { key?: unknown }).key === "string";
}
