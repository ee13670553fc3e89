// `reset-editor-login [userDir]`: a way back into an editor whose login no longer works. Writes a
// recovery users file in <userDir>/security/ (mode 0600) and prints its new password once.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { existsSync, statSync } from "node:fs";
import { writeRecoveryFile } from "../admin-auth/recovery";
import { UsageError } from "./load-settings";

export async function resetEditorLogin(userDirArg: string | undefined): Promise<string> {
  const userDir = resolve(userDirArg ?? join(homedir(), ".node-red"));
  if (!existsSync(userDir) || !statSync(userDir).isDirectory()) {
    throw new UsageError(`${userDir} is not a directory: give Node-RED's user directory (default ~/.node-red)`);
  }
  const login = await writeRecoveryFile(userDir);
  return [
    `Wrote ${login.path} (readable only by you).`,
    "",
    "After a restart of Node-RED, the editor login (security.adminAuth in settings.js) also accepts:",
    `  user name: ${login.username}`,
    `  password:  ${login.password}`,
    "",
    "This password is shown only now. The recovery user has full editor permission. Once you are in,",
    "fix your own login (the users list, file or auth-users node adminAuth names), then delete",
    `${login.path} and restart Node-RED. Running this command again makes a new password.`,
    "",
  ].join("\n");
}
