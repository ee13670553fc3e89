// The way back into a locked editor: `npx node-red-contrib-security reset-editor-login [userDir]`
// writes <userDir>/security/editor-recovery.json (mode 0600) with one admin and a new random password,
// printed once. security.adminAuth() also accepts the users of that file, found at start; deleting the
// file (and restarting) ends the recovery.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { hashPassword } from "../auth/hash-password";

export const RECOVERY_DIR = "security";
export const RECOVERY_FILE = "editor-recovery.json";
export const RECOVERY_USERNAME = "recovery-admin";
/** The role the recovery user has: it maps to full editor permission whatever `permissions` says. */
export const RECOVERY_ROLE = "admin";

export function recoveryFilePath(userDir: string): string {
  return join(resolve(userDir), RECOVERY_DIR, RECOVERY_FILE);
}

/**
 * Node-RED's user directory as its command line chose it: `--userDir`/`-u`, else ~/.node-red (what
 * `node-red` itself does when no settings say otherwise). settings.js can name it with `userDir`.
 */
export function runningUserDir(argv: readonly string[] = process.argv): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if ((arg === "--userDir" || arg === "-u") && argv[i + 1]) return resolve(argv[i + 1] as string);
    if (arg.startsWith("--userDir=")) return resolve(arg.slice("--userDir=".length));
  }
  return join(homedir(), ".node-red");
}

export interface RecoveryLogin {
  readonly path: string;
  readonly username: string;
  /** Shown once to the person at the machine; never stored. */
  readonly password: string;
}

/** A password people can type from a screen: 20 characters from an alphabet without look-alikes. */
export function recoveryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY345679";
  const bytes = randomBytes(40);
  let out = "";
  for (const b of bytes) {
    // 255 - (256 % 51) keeps the choice unbiased.
    if (b >= 255 - (256 % alphabet.length)) continue;
    out += alphabet.charAt(b % alphabet.length);
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : recoveryPassword();
}

/** Writes the recovery users file (replacing an older one) and returns its new password. */
export async function writeRecoveryFile(userDir: string): Promise<RecoveryLogin> {
  const dir = resolve(userDir);
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: give Node-RED's user directory`);
  const path = recoveryFilePath(dir);
  mkdirSync(join(dir, RECOVERY_DIR), { recursive: true, mode: 0o700 });
  const password = recoveryPassword();
  const hash = await hashPassword(password);
  const body = {
    note: "Made by reset-editor-login: delete this file once you have your own editor login back.",
    createdAt: new Date().toISOString(),
    users: [{ username: RECOVERY_USERNAME, password: hash, roles: [RECOVERY_ROLE] }],
  };
  const temporary = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return { path, username: RECOVERY_USERNAME, password };
}
