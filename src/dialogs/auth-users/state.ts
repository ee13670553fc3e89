// What the auth-users dialog keeps while it is open, beside the node being edited rather than on it.

/** The editor API the dialog uses. */
export type DialogRed = RedEditor & {
  nodes: { id(): string };
  notify(message: string, type?: string): void;
};

/** The auth-users node as the editor hands it to oneditprepare/oneditsave/oneditcancel. */
export interface UsersNode {
  id: string;
  _(key: string, options?: Record<string, unknown>): string;
  accounts?: unknown;
  rev?: unknown;
}

/** One user as the node's `accounts` list holds it: no password, no hash. */
export interface Account {
  id: string;
  username: string;
  roles: string[];
  enabled: boolean;
}

/** The data editableList keeps on a row: the account as loaded (or new). */
export interface RowData {
  id: string;
  username?: string;
  roles: string[];
  enabled?: boolean;
}

export interface PasswordState {
  hasPassword: boolean;
}

export interface TotpUser {
  enrolledAt: number;
  recoveryLeft: number;
}

/** The users list guarding the editor's own login, and the roles that make an admin there. */
export interface EditorGuard {
  usersId: string;
  adminRoles: string[];
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface DialogState {
  readonly RED: DialogRed;
  readonly node: UsersNode;
  readonly t: Translate;
  /** The node's admin API base: "auth-users/<id>" (relative, so the editor's token goes with it). */
  readonly url: string;
  /** The users list (the editableList's element). */
  readonly list: JQuery;
  /** Which user ids have a password (stored or set in this dialog); never a hash. */
  passwords: Record<string, PasswordState>;
  passwordsChanged: boolean;
  totpChanged: boolean;
  totpUsers: Record<string, TotpUser>;
  /** The user whose second factor is being set up, if any. */
  totpSetup: string | null;
  /** Users that are deployed: only they can set up a second factor. */
  readonly savedIds: ReadonlySet<string>;
  editorGuard: EditorGuard | null;
}

const open = new WeakMap<UsersNode, DialogState>();
/** Passwords sent from a dialog that was then cancelled are on the server: the next Done still counts them. */
const sentBeforeCancel = new WeakSet<UsersNode>();

export function openDialog(RED: DialogRed, node: UsersNode): DialogState {
  const accounts = Array.isArray(node.accounts) ? (node.accounts as unknown[]) : [];
  const state: DialogState = {
    RED,
    node,
    t: (key, options) => node._(`auth-users.${key}`, options),
    url: `auth-users/${encodeURIComponent(node.id)}`,
    list: $("#node-config-input-accounts-list"),
    passwords: {},
    passwordsChanged: sentBeforeCancel.has(node),
    totpChanged: false,
    totpUsers: {},
    totpSetup: null,
    savedIds: new Set(accountIds(accounts)),
    editorGuard: null,
  };
  open.set(node, state);
  return state;
}

/** The open dialog's state, which leaves with it (Done: `saved`, Cancel: not). */
export function closeDialog(node: UsersNode, saved: boolean): DialogState | undefined {
  const state = open.get(node);
  open.delete(node);
  if (!saved && state?.passwordsChanged) sentBeforeCancel.add(node);
  else sentBeforeCancel.delete(node);
  return state;
}

/** The ids of a stored accounts list, skipping entries without one. */
export function accountIds(accounts: unknown[]): string[] {
  return accounts
    .map((u) => (u as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === "string" && id !== "");
}

/** The message of a failed request (or of anything else thrown). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
