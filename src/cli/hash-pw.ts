// `hash-pw`: prints the bcrypt hash of a password typed (hidden) or piped in. Only the hash goes to stdout.
import type { ReadStream } from "node:tty";
import { COMMON_PASSWORDS } from "../auth/password-hash";
import { hashPassword } from "../auth/hash-password";
import { PasswordReadError, promptHidden, readPipedPassword } from "./read-password";
import type { MessageParam } from "../i18n/messages";
import { languageFromEnvironment, translator } from "../i18n/catalog";

export interface HashPwIo {
  readonly stdin: NodeJS.ReadableStream & Partial<Pick<ReadStream, "isTTY" | "setRawMode">>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const RECOMMENDED_LENGTH = 12;

/** The prompts and warnings for people, in the terminal's language (locales/<lang>/cli.json, "hashPw"). */
function say(key: string, params?: Record<string, MessageParam>): string {
  const translate = translator("cli.json", languageFromEnvironment());
  return translate(params === undefined ? { key: `hashPw.${key}` } : { key: `hashPw.${key}`, params });
}

export async function hashPw(cost: unknown, io: HashPwIo): Promise<void> {
  let password: string;
  if (io.stdin.isTTY === true && typeof io.stdin.setRawMode === "function") {
    const tty = io.stdin as ReadStream;
    password = await promptHidden(tty, io.stderr, `${say("prompt")} `);
    const again = await promptHidden(tty, io.stderr, `${say("repeat")} `);
    if (again !== password) throw new PasswordReadError(say("differ"));
  } else {
    password = await readPipedPassword(io.stdin);
  }
  if (password.length > 0 && password.length < RECOMMENDED_LENGTH) {
    io.stderr.write(`${say("short", { length: RECOMMENDED_LENGTH })}\n`);
  }
  if (COMMON_PASSWORDS.includes(password.toLowerCase())) {
    io.stderr.write(`${say("common")}\n`);
  }
  const hash = await hashPassword(password, cost);
  io.stdout.write(`${hash}\n`);
}
