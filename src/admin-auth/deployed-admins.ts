// "Never lock the editor out" at deploy time: the users of each deployed list, and the server's own
// refusal to drop the last editor admin's password (its endpoint is in src/admin-api/editor-guard-api.ts).
import { type GuardedUser, lastAdminProblem } from "./editor-guard";

/** A users list as deployed: who is in it (ids, names, roles, enabled), without passwords. */
export interface DeployedUser {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly enabled: boolean;
}

const deployed = new Map<string, readonly DeployedUser[]>();

/** Notes a list's users at each deploy (the password check below needs their roles). */
export function noteDeployedUsers(usersId: string, users: readonly DeployedUser[] | undefined): void {
  if (users) deployed.set(usersId, users);
  else deployed.delete(usersId);
}

/**
 * Why removing the passwords of `removed` (user ids) from list `usersId` must be refused, if it must:
 * it would leave the editor without an admin who can log in.
 */
export function passwordRemovalProblem(
  usersId: string,
  hashes: Readonly<Record<string, string>>,
  removed: readonly string[],
): string | undefined {
  const users = deployed.get(usersId);
  if (!users || removed.length === 0) return undefined;
  const as = (drop: ReadonlySet<string>): GuardedUser[] =>
    users.map((u) => ({
      username: u.username,
      roles: u.roles,
      enabled: u.enabled,
      hasPassword: hashes[u.id] !== undefined && !drop.has(u.id),
    }));
  return lastAdminProblem(usersId, as(new Set()), as(new Set(removed)));
}
