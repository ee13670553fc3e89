// `fix editor-login [userDir]` and `fix credential-secret [userDir]`: the Security tab's settings fixes
// from a terminal (over SSH). The editor login asks for a user name and a password (not echoed; or two
// lines piped in), writes the users file and adds the adminAuth line with the settings.js editor.
import { createInterface } from "node:readline";
import type { ReadStream } from "node:tty";
import { parseArgs } from "node:util";
import { EditorLoginInputError, checkNewUser, turnOnEditorLogin } from "../admin-auth/turn-on";
import { SettingsEditError } from "../settings-file/edit-settings";
import { applyOneLineFix } from "../settings-file/one-line-fixes";
import { type FixIo, fixTarget, reportRefusal } from "./fix-https";
import { PasswordReadError, promptHidden } from "./read-password";

export interface PromptIo extends FixIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

function target(command: string, args: string[]): { userDir: string; settingsFile: string; user?: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { settings: { type: "string" }, user: { type: "string" } },
  });
  const { userDir, settingsFile } = fixTarget(command, positionals, values.settings);
  return { userDir, settingsFile, ...(values.user === undefined ? {} : { user: values.user }) };
}

/** All lines of a pipe (at most 64 KiB). */
async function pipedLines(input: NodeJS.ReadableStream): Promise<string[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > 65_536) throw new PasswordReadError("Standard input is too long: pipe a user name and a password");
    chunks.push(b);
  }
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "")
    .split(/\r?\n/);
}

function askLine(io: PromptIo, prompt: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

/** The user name and password: typed (the password hidden, twice) or piped as two lines (one with --user). */
async function readUser(io: PromptIo, given: string | undefined): Promise<{ username: string; password: string }> {
  if (io.stdin.isTTY) {
    const username = given ?? (await askLine(io, "User name for the editor: "));
    const tty = io.stdin as unknown as ReadStream;
    const password = await promptHidden(tty, io.stdout, "Password: ");
    const again = await promptHidden(tty, io.stdout, "Repeat it: ");
    if (password !== again) throw new PasswordReadError("The two passwords differ; nothing was changed");
    return checkNewUser(username, password);
  }
  const lines = await pipedLines(io.stdin);
  const expected = given === undefined ? 2 : 1;
  if (lines.length !== expected) {
    throw new PasswordReadError(
      given === undefined
        ? "Pipe two lines: the user name, then the password"
        : "Pipe one line, the password (the user name comes from --user)",
    );
  }
  return checkNewUser(given ?? lines[0], lines[expected - 1]);
}

function refused(err: unknown, io: FixIo, userDir: string): number {
  return reportRefusal(err, [SettingsEditError, EditorLoginInputError], io, userDir);
}

/** Exit code 0 when settings.js was changed, 2 when nothing was written (the message says why). */
export async function fixEditorLogin(args: string[], io: PromptIo = process): Promise<number> {
  const { userDir, settingsFile, user } = target("editor-login", args);
  const by = process.env.USER ?? "the command line";
  let newUser;
  try {
    newUser = await readUser(io, user);
  } catch (err) {
    return refused(err, io, userDir);
  }
  try {
    const result = await turnOnEditorLogin({ userDir, settingsFile, source: { newUser }, by });
    io.stdout.write(
      `Wrote ${result.usersFile ?? ""} (readable only by you; the password is stored as a bcrypt hash).\n\n` +
        `${settingsFile} changed (backup: ${result.edit.backup}):\n\n${result.edit.diff}\n` +
        `Restart Node-RED to use the editor login. ${result.edit.restart.text}\n` +
        `Then log in to the editor as ${newUser.username}.\n`,
    );
    return 0;
  } catch (err) {
    return refused(err, io, userDir);
  }
}

/** `fix palette-limits`: the palette can no longer install or upload nodes (NRS-EDITOR-002). */
export async function fixPaletteLimits(args: string[], io: FixIo = process): Promise<number> {
  const { userDir, settingsFile } = target("palette-limits", args);
  try {
    const result = await applyOneLineFix(settingsFile, "palette-limits", {
      by: process.env.USER ?? "the command line",
    });
    io.stdout.write(
      `${settingsFile} changed (backup: ${result.edit.backup}):\n\n${result.edit.diff}\n` +
        "The palette manager can no longer install or upload nodes; install them with npm in the user directory.\n" +
        `Restart Node-RED to use it. ${result.edit.restart.text}\n`,
    );
    return 0;
  } catch (err) {
    return refused(err, io, userDir);
  }
}

export async function fixCredentialSecret(args: string[], io: FixIo = process): Promise<number> {
  const { userDir, settingsFile } = target("credential-secret", args);
  try {
    const result = await applyOneLineFix(settingsFile, "credential-secret", {
      by: process.env.USER ?? "the command line",
    });
    io.stdout.write(
      `${settingsFile} changed (backup: ${result.edit.backup}):\n\n${result.edit.diff}\n` +
        `The new credentialSecret (${result.maskedSecret ?? ""}) is in settings.js only: back up settings.js now.\n` +
        "Node-RED re-encrypts the existing credentials with it at the next deploy.\n" +
        `Restart Node-RED to use it. ${result.edit.restart.text}\n`,
    );
    return 0;
  } catch (err) {
    return refused(err, io, userDir);
  }
}
