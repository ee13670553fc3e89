// Which auth-users list guards the editor (when settings.js says adminAuth({ users: "<node id>" })),
// and which of its roles are the editor's admins: the dialog and the admin API refuse to remove the
// last of them. Kept on a global symbol, like the registry, as settings.js and the nodes may load
// different copies of the package.
export interface EditorGuard {
  /** The auth-users node id named in adminAuth({ users }). */
  readonly usersId: string;
  /** Roles with full editor permission ("*"). */
  readonly adminRoles: readonly string[];
}

const KEY = Symbol.for("node-red-contrib-security.editor-guard.v1");

type Holder = Record<symbol, EditorGuard | undefined>;

export function setEditorGuard(guard: EditorGuard | undefined): void {
  (globalThis as unknown as Holder)[KEY] = guard;
}

export function editorGuard(): EditorGuard | undefined {
  return (globalThis as unknown as Holder)[KEY];
}

/** A user as the dialog edits it: enabled, roles, and whether a password is (or stays) set. */
export interface GuardedUser {
  readonly username: string;
  readonly roles: readonly string[];
  readonly enabled: boolean;
  readonly hasPassword: boolean;
}

/** Whether this user can open the editor with full permission. */
export function isEditorAdmin(user: GuardedUser, guard: EditorGuard): boolean {
  return user.enabled && user.hasPassword && user.roles.some((r) => guard.adminRoles.includes(r));
}

/**
 * Why a change to the list `usersId` must be refused: it leaves the editor with no admin. `before` and
 * `after` are the list's users before and after the change; undefined when the change is fine.
 */
export function lastAdminProblem(
  usersId: string,
  before: readonly GuardedUser[],
  after: readonly GuardedUser[],
): string | undefined {
  const guard = editorGuard();
  if (!guard || guard.usersId !== usersId) return undefined;
  const had = before.some((u) => isEditorAdmin(u, guard));
  const has = after.some((u) => isEditorAdmin(u, guard));
  if (!had || has) return undefined;
  return (
    "This list guards the editor's own login, and this change would leave it without an enabled admin " +
    `(role ${guard.adminRoles.join(" or ")}) with a password: nobody could open the editor. Add or enable another admin first.`
  );
}
