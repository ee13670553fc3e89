// Turning the editor login on, shared by the Security tab and `fix editor-login`: with the users of a
// deployed auth-users list, or a new users file (<userDir>/security/editor-users.json, mode 0600, the
// password hashed here), then one `adminAuth` line in settings.js through the settings.js editor (checked
// first, so a refusal writes nothing — not even the users file).
import { chownSync, existsSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateNewPassword } from "../auth/hash-password";
import {
  addSettings,
  checkSettingsEdit,
  type SettingsEditOptions,
  type SettingsEditResult,
} from "../settings-file/edit-settings";
import { createEditorUsersFile, editorLoginSettingsLine, type EditorUsersRef } from "./settings-line";

/** Shorter passwords are refused for the editor: it can change every flow on the machine. */
export const MIN_EDITOR_PASSWORD = 8;
export const EDITOR_USERS_FILE = "editor-users.json";

export class EditorLoginInputError extends Error {}

export type EditorLoginSource =
  { readonly node: string } | { readonly newUser: { readonly username: string; readonly password: string } };

export interface TurnOnEditorLoginOptions extends Omit<SettingsEditOptions, "keepExisting"> {
  readonly userDir: string;
  readonly settingsFile: string;
  readonly source: EditorLoginSource;
  readonly requireSecondFactor?: boolean;
}

export interface TurnOnEditorLoginResult {
  readonly edit: SettingsEditResult;
  /** The line added to settings.js. */
  readonly line: string;
  /** The new users file, when one was made. */
  readonly usersFile?: string;
}

/** <userDir>/security/editor-users.json, or editor-users-2.json … when that one exists already. */
export function freeUsersFile(userDir: string): string {
  const dir = join(resolve(userDir), "security");
  let path = join(dir, EDITOR_USERS_FILE);
  for (let n = 2; existsSync(path); n++) path = join(dir, `editor-users-${String(n)}.json`);
  return path;
}

/** Checks a new user's name and password; throws EditorLoginInputError with a message for people. */
export function checkNewUser(username: unknown, password: unknown): { username: string; password: string } {
  if (typeof username !== "string" || username.trim() === "" || username.trim().length > 256 || /[\r\n]/.test(username))
    throw new EditorLoginInputError("Give a user name (one line, at most 256 characters)");
  if (typeof password !== "string" || Array.from(password).length < MIN_EDITOR_PASSWORD) {
    throw new EditorLoginInputError(
      `The password needs at least ${String(MIN_EDITOR_PASSWORD)} characters: this login guards every flow`,
    );
  }
  try {
    validateNewPassword(password);
  } catch (err) {
    throw new EditorLoginInputError(err instanceof Error ? err.message : String(err));
  }
  return { username: username.trim(), password };
}

export async function turnOnEditorLogin(options: TurnOnEditorLoginOptions): Promise<TurnOnEditorLoginResult> {
  const { userDir, settingsFile, source } = options;
  const user = "newUser" in source ? checkNewUser(source.newUser.username, source.newUser.password) : undefined;
  const usersFile = user ? freeUsersFile(userDir) : undefined;
  const ref: EditorUsersRef =
    usersFile !== undefined ? { file: usersFile } : { node: (source as { node: string }).node };
  let line: string;
  try {
    line = editorLoginSettingsLine(ref, { requireSecondFactor: options.requireSecondFactor === true });
  } catch (err) {
    throw new EditorLoginInputError(err instanceof Error ? err.message : String(err));
  }
  const entry = { key: "adminAuth", value: line.replace(/^adminAuth: /, "").replace(/,$/, "") };
  const editOptions: SettingsEditOptions = {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.node === undefined ? {} : { node: options.node }),
    ...(options.by === undefined ? {} : { by: options.by }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
  };
  // settings.js first: a refusal (active adminAuth, unwritable, not loadable) leaves everything as it was.
  await checkSettingsEdit(settingsFile, [entry], editOptions);
  if (user && usersFile !== undefined) {
    try {
      await createEditorUsersFile(usersFile, user.username, user.password);
    } catch (err) {
      throw new EditorLoginInputError(
        `The users file ${usersFile} could not be written (${err instanceof Error ? err.message : String(err)}): nothing was changed`,
      );
    }
    // Run as root (sudo) for another user's Node-RED: the file must stay readable by Node-RED.
    if (process.getuid?.() === 0) {
      const { uid, gid } = statSync(resolve(userDir));
      chownSync(join(resolve(userDir), "security"), uid, gid);
      chownSync(usersFile, uid, gid);
    }
  }
  try {
    const edit = await addSettings(settingsFile, [entry], editOptions);
    return { edit, line, ...(usersFile === undefined ? {} : { usersFile }) };
  } catch (err) {
    if (usersFile !== undefined) rmSync(usersFile, { force: true });
    throw err;
  }
}
