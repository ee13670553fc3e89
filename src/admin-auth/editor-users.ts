// Who may log in to the editor: the users of the adminAuth `users` option, and during a recovery (after
// reset-editor-login) the users of the recovery file first, with full permission.
import { existsSync } from "node:fs";
import type { UsersContext } from "../auth/users-context";
import { UserDirectory, type UserRecord } from "../auth/users";
import { currentUsers, type UsersHandle, usersSource } from "../middleware/users-source";
import { editorPermission, type EditorPermission, type PermissionMap } from "./permissions";
import { RECOVERY_USERNAME, recoveryFilePath, runningUserDir } from "./recovery";

export const PREFIX = "[node-red-contrib-security]";
/** The role recovery users carry inside the login: full permission whatever `permissions` says. */
export const RECOVERY_LOGIN_ROLE = "\u0000editor-recovery";

/** Node-RED's user, as adminAuth.users(username) answers. */
export interface EditorUser {
  readonly username: string;
  readonly permissions: EditorPermission;
}

/** Users of the recovery file first (with their own role), then the list's. */
class EditorDirectory extends UserDirectory {
  constructor(
    private readonly recovery: UserDirectory,
    private readonly list: UserDirectory | undefined,
  ) {
    super([]);
  }

  override find(username: string): UserRecord | undefined {
    const rescue = this.recovery.find(username);
    if (rescue) return { ...rescue, roles: [RECOVERY_LOGIN_ROLE] };
    return this.list?.find(username);
  }

  override get size(): number {
    return this.recovery.size + (this.list?.size ?? 0);
  }

  override get activeCount(): number {
    return this.recovery.activeCount + (this.list?.activeCount ?? 0);
  }
}

/**
 * The users of the recovery file when it is there at start (a restart after reset-editor-login); says in
 * the log that it is accepted, or why it cannot be used.
 */
export function loadRecovery(userDir: string | undefined): UsersContext | undefined {
  const recoveryPath = recoveryFilePath(userDir ?? runningUserDir());
  if (!existsSync(recoveryPath)) return undefined;
  const recovery = currentUsers(usersSource(recoveryPath));
  if (recovery instanceof Error) {
    console.error(`${PREFIX} adminAuth(): the recovery file cannot be used: ${recovery.message}`);
    return undefined;
  }
  console.warn(
    `${PREFIX} adminAuth(): the recovery login "${RECOVERY_USERNAME}" from ${recoveryPath} is accepted. ` +
      "Delete that file and restart once you have your own editor login back.",
  );
  return recovery;
}

/** The editor's users as they are now: the option's, with the recovery file's in front of them. */
export function editorUsers(handle: UsersHandle, rescue: UsersContext | undefined): () => UsersContext | Error {
  const merged = new WeakMap<UserDirectory, UsersContext>();
  let rescueOnly: UsersContext | undefined;
  return () => {
    const primary = currentUsers(handle);
    if (!rescue) return primary;
    if (primary instanceof Error) {
      rescueOnly ??= { ...rescue, users: new EditorDirectory(rescue.users, undefined) };
      return rescueOnly;
    }
    let ctx = merged.get(primary.users);
    if (!ctx) {
      ctx = { ...primary, users: new EditorDirectory(rescue.users, primary.users) };
      merged.set(primary.users, ctx);
    }
    return ctx;
  };
}

/** Node-RED's user for a name: enabled, with a password, and a role that `permissions` maps; else null. */
export function editorUser(
  ctx: UsersContext | Error | undefined,
  username: string,
  permissions: PermissionMap,
): EditorUser | null {
  if (!ctx || ctx instanceof Error || typeof username !== "string") return null;
  const record = ctx.users.find(username);
  if (!record?.enabled || record.hash === undefined) return null;
  const permission = record.roles.includes(RECOVERY_LOGIN_ROLE) ? "*" : editorPermission(record.roles, permissions);
  return permission === undefined ? null : { username, permissions: permission };
}
