// `hash-pw`: prints the bcrypt hash of a password typed (hidden) or piped in. Only the hash goes to stdout.
import type { ReadStream } from "node:tty";
import { COMMON_PASSWORDS } from "../audit/password-hash";
import { hashPassword } from "../auth/hash-password";
import { PasswordReadError, promptHidden, readPipedPassword } from "./read-password";

export interface HashPwIo {
  readonly stdin: NodeJS.ReadableStream & Partial<Pick<ReadStream, "isTTY" | "setRawMode">>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const RECOMMENDED_LENGTH = 12;

export async function hashPw(cost: unknown, io: HashPwIo): Promise<void> {
  let password: string;
  if (io.stdin.isTTY === true && typeof io.stdin.setRawMode === "function") {
    const tty = io.stdin as ReadStream;
    password = await promptHidden(tty, io.stderr, "Password: ");
    const again = await promptHidden(tty, io.stderr, "Repeat it: ");
    if (again !== password) throw new PasswordReadError("The two passwords differ; nothing was hashed");
  } else {
    password = await readPipedPassword(io.stdin);
  }
  if (password.length > 0 && password.length < RECOMMENDED_LENGTH) {
    io.stderr.write(`Warning: the password is shorter than ${String(RECOMMENDED_LENGTH)} characters.\n`);
  }
  if (COMMON_PASSWORDS.includes(password.toLowerCase())) {
    io.stderr.write("Warning: this is one of the most common passwords; attackers try it first.\n");
  }
  const hash = await hashPassword(password, cost);
  io.stdout.write(`${hash}\n`);
}
