// Reads a password without echoing it on a terminal, or as one line from a pipe.
import type { ReadStream } from "node:tty";

export class PasswordReadError extends Error {}

/** Reads everything from a pipe and returns its single line (one trailing newline allowed). */
export async function readPipedPassword(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  }
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (/[\r\n]/.test(text))
    throw new PasswordReadError("Standard input holds more than one line; pipe exactly one password");
  return text;
}

/** Prompts on `output` and reads keystrokes from a TTY in raw mode, so nothing is echoed. */
export function promptHidden(input: ReadStream, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = "";
    // Echo goes off before the prompt shows: keys typed the moment it appears must not be echoed.
    input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    output.write(prompt);
    const finish = (err?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      output.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: string): void => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new PasswordReadError("Cancelled"));
        if (ch === "\u0004") return finish(value.length ? undefined : new PasswordReadError("Cancelled"));
        if (ch === "\u007f" || ch === "\b") value = Array.from(value).slice(0, -1).join("");
        else if (ch >= " ") value += ch;
      }
    };
    input.on("data", onData);
  });
}
