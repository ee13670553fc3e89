// An error a node can show in its user's language: besides its English message (for logs and
// settings.js), a catalogue key under "problem." in nodes/locales/<lang>/auth-gate.json and the values
// that fill it. A unit test keeps the English catalogue and the messages the same.

export type WordParams = Readonly<Record<string, string>>;

export class WordedError extends Error {
  constructor(
    message: string,
    /** The text's key under "auth-gate.problem." */
    readonly key: string,
    readonly params: WordParams = {},
  ) {
    super(message);
  }
}
