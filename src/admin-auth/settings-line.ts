// What turning the editor login on writes: the settings.js line and, for a new list, a users file.
// Kept apart from any settings.js editing, which calls these and does the backup, insert and checks.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashPassword } from "../auth/hash-password";

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** How the editor's users are named in settings.js: an auth-users node id, or a users file's path. */
export type EditorUsersRef = { readonly node: string } | { readonly file: string };

/**
 * The one `adminAuth` property for settings.js' module.exports, e.g.
 * `adminAuth: require("node-red-contrib-security").adminAuth({ users: "a1b2c3" }),`.
 */
export function editorLoginSettingsLine(ref: EditorUsersRef, options: { readonly requireSecondFactor?: boolean } = {}) {
  let users: string;
  if ("node" in ref) {
    if (!NODE_ID.test(ref.node)) throw new Error(`"${ref.node}" is not an auth-users node id`);
    users = JSON.stringify(ref.node);
  } else {
    if (ref.file.length === 0 || /[\r\n]/.test(ref.file))
      throw new Error("The users file path is empty or has a line break");
    users = JSON.stringify(ref.file);
  }
  const second = options.requireSecondFactor === true ? ", requireSecondFactor: true" : "";
  return `adminAuth: require("node-red-contrib-security").adminAuth({ users: ${users}${second} }),`;
}

/**
 * Makes a new users file holding one admin (the password hashed here, never kept), mode 0600.
 * Refuses to overwrite an existing file.
 */
export async function createEditorUsersFile(path: string, username: string, password: string): Promise<void> {
  const name = username.trim();
  if (name.length === 0 || name.length > 256) throw new Error("Give a user name (at most 256 characters)");
  if (existsSync(path)) throw new Error(`${path} exists already: choose another file or list`);
  const hash = await hashPassword(password);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(
    path,
    `${JSON.stringify({ users: [{ username: name, password: hash, roles: ["admin"] }] }, null, 2)}\n`,
    {
      mode: 0o600,
      flag: "wx",
    },
  );
  chmodSync(path, 0o600);
}
