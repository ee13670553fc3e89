// Where the settings.js factories find their users: an auth-users config node of the flows (by id),
// a list written in settings.js, or a JSON file. Lists and files are read once and shared by every
// factory that names the same source, so one login (and one lockout) counts everywhere.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { UsersContext, UsersProvider } from "../auth/users-context";
import { type ApiKeyRecord, readApiKeyRecords } from "../auth/api-keys";
import { createUsersContext } from "../auth/create-users-context";
import type { StoreConfig } from "../auth/open-store";
import { type ListedUser, readUserList } from "../auth/user-list";
import { registry } from "../runtime/registry";

/** One user as written in settings.js or a users file: the password is a bcrypt hash, never plain text. */
export interface UserSpec {
  readonly username: string;
  /** A bcrypt hash, e.g. from `npx node-red-contrib-security hash-pw`. */
  readonly password: string;
  readonly roles?: readonly string[];
  readonly enabled?: boolean;
}

/** The id of an auth-users config node, a list of users, or the path of a JSON users file. */
export type UsersOption = string | readonly UserSpec[] | UsersHandle;

export interface SessionOptions {
  /**
   * Signs session cookies. Without it a random key is made at start, so restarting Node-RED logs
   * everyone out. At least 32 characters. (Users of an auth-users node use that node's own key.)
   */
  readonly sessionSecret?: string;
  /** Minutes without a request after which a session ends (default 1 day). */
  readonly sessionIdleMinutes?: number;
  /** Hours after login after which a session ends whatever happens (default 7 days). */
  readonly sessionMaxHours?: number;
  /**
   * Where sessions and lockouts live: "memory" (default), or `{ redis: "redis://host:6379" }` so several
   * Node-RED instances share them (needs `npm install redis` in the user directory).
   * Set `sessionSecret` too, the same on every instance. (Users of an auth-users node use its store.)
   */
  readonly store?: StoreConfig;
  /**
   * API keys of these users, as printed by `npx node-red-contrib-security api-key` (records holding
   * only a hash of each key). A users file can hold them too, as `{ "users": [...], "apiKeys": [...] }`.
   */
  readonly apiKeys?: readonly ApiKeyRecord[];
}

const HANDLE = Symbol.for("node-red-contrib-security.users-handle");

/** A users source made once with `security.users(...)` and passed to several factories. */
export interface UsersHandle {
  readonly [HANDLE]: true;
  /** What the factories see: the users, or why there are none. */
  readonly provider: UsersProvider;
  /** Human words for logs: "auth-users node 1a2b", "users file /x/users.json". */
  readonly label: string;
  /** Found only once the flows run (an auth-users node): "not there yet" is normal at start. */
  readonly lazy?: boolean;
}

export class SecurityConfigError extends Error {
  readonly code = "ERR_NRS_SETTINGS";
}

const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const shared = new Map<string, UsersHandle>();

function isHandle(value: unknown): value is UsersHandle {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[HANDLE] === true;
}

function isNodeId(value: string): boolean {
  return NODE_ID.test(value) && !value.toLowerCase().endsWith(".json") && !value.startsWith(".");
}

/** A setting that must be a positive number when given; undefined (the default) when not. */
function positive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new SecurityConfigError(`${name} must be a positive number`);
  }
  return value;
}

/** Checks API key records strictly: a settings file with a broken key is a mistake to point out. */
function apiKeysFrom(
  sources: readonly unknown[],
  users: readonly ListedUser[],
  where: string,
): ApiKeyRecord[] | undefined {
  const given = sources.filter((s) => s !== undefined);
  if (given.length === 0) return undefined;
  const how = 'records made by "npx node-red-contrib-security api-key"';
  const list: unknown[] = [];
  for (const value of given) {
    if (!Array.isArray(value)) throw new SecurityConfigError(`${where}: apiKeys must be a list of ${how}`);
    list.push(...(value as unknown[]));
  }
  const names = new Set(users.map((u) => u.username));
  return list.map((entry, i) => {
    const [record] = readApiKeyRecords([entry]);
    if (!record) throw new SecurityConfigError(`${where}: API key #${String(i + 1)} is not one of the ${how}`);
    if (!names.has(record.username)) {
      throw new SecurityConfigError(
        `${where}: the API key "${record.name}" is for "${record.username}", who is not in the users list`,
      );
    }
    return record;
  });
}

function contextFrom(id: string, source: LoadedUsers, where: string, session: SessionOptions): UsersContext {
  const refuse = (message: string): Error => new SecurityConfigError(message);
  const users = readUserList(source.list, { where, refuse });
  const apiKeys = apiKeysFrom([source.apiKeys, session.apiKeys], users, where);
  const secret = session.sessionSecret;
  if (secret !== undefined && (typeof secret !== "string" || secret.length < 32)) {
    throw new SecurityConfigError("sessionSecret must be a string of at least 32 characters");
  }
  const cheap = new Set<string>();
  return createUsersContext(
    { id, users, ...(apiKeys ? { apiKeys } : {}) },
    {
      store: session.store,
      ...(secret === undefined ? {} : { sessionSecret: Buffer.from(secret) }),
      sessionIdleMinutes: positive(session.sessionIdleMinutes, "sessionIdleMinutes"),
      sessionMaxHours: positive(session.sessionMaxHours, "sessionMaxHours"),
      log: (message) => console.warn(`[node-red-contrib-security] ${where}: ${message}`),
      // A list in settings.js or a file cannot be written back: say so once per user, naming no one.
      onCheapHash: (username, _password, cost) => {
        if (cheap.has(username) || cheap.size >= 1000) return;
        cheap.add(username);
        console.warn(
          `[node-red-contrib-security] ${where}: a user logged in with a hash cheaper than the list's cost ${String(cost)}, ` +
            'so their logins answer faster than an unknown name\'s. Re-hash their password ("npx node-red-contrib-security hash-pw").',
        );
      },
      refuse,
      storeError: (err) => new SecurityConfigError(`store: ${err instanceof Error ? err.message : String(err)}`),
    },
  );
}

/** What a list or file source holds: users, and maybe API key records. */
interface LoadedUsers {
  readonly list: unknown;
  readonly apiKeys?: unknown;
}

function failing(label: string, err: unknown): UsersHandle {
  const problem = err instanceof Error ? err : new Error(String(err));
  return { [HANDLE]: true, provider: () => problem, label };
}

function readUsersFile(path: string): LoadedUsers {
  const text = readFileSync(path, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SecurityConfigError(`users file ${path} is not valid JSON (${(err as Error).message})`);
  }
  // Either a list, or { "users": [...], "apiKeys": [...] }.
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    const { users: list, apiKeys } = parsed as { users?: unknown; apiKeys?: unknown };
    return apiKeys === undefined ? { list } : { list, apiKeys };
  }
  return { list: parsed };
}

/**
 * The one handle of a list or file source with these session options: made once, so every factory
 * naming it shares its sessions and lockouts. A source that cannot be read fails with `explain(err)`.
 */
function sharedSource(
  id: string,
  label: string,
  session: SessionOptions,
  load: () => LoadedUsers,
  explain: (err: unknown) => unknown,
): UsersHandle {
  const key = `${id}:${JSON.stringify(session)}`;
  const known = shared.get(key);
  if (known) return known;
  let handle: UsersHandle;
  try {
    const ctx = contextFrom(id, load(), label, session);
    handle = { [HANDLE]: true, label, provider: () => ctx };
  } catch (err) {
    handle = failing(label, explain(err));
  }
  shared.set(key, handle);
  return handle;
}

/**
 * Makes (or finds) the users source a factory names. Never throws: a broken source becomes a provider
 * that answers with the problem, so the factory fails closed and says why.
 */
export function usersSource(option: unknown, given: SessionOptions = {}): UsersHandle {
  if (isHandle(option)) return option;
  // Only the session options name a shared source: the rest of a factory's options do not matter here.
  const session: SessionOptions = {
    sessionSecret: given.sessionSecret,
    sessionIdleMinutes: given.sessionIdleMinutes,
    sessionMaxHours: given.sessionMaxHours,
    ...(given.store === undefined ? {} : { store: given.store }),
    ...(given.apiKeys === undefined ? {} : { apiKeys: given.apiKeys }),
  };
  if (typeof option === "string" && isNodeId(option)) {
    const id = option;
    const label = `auth-users node ${id}`;
    return {
      [HANDLE]: true,
      label,
      lazy: true,
      provider: () => {
        const found = registry().users.get(id);
        if (!found) return new Error(`${label} is not deployed`);
        const ctx = found();
        if (!(ctx instanceof Error) && ctx.users.activeCount === 0)
          return new Error(`${label} has no user with a password`);
        return ctx;
      },
    };
  }
  if (typeof option === "string") {
    const path = resolve(option);
    const label = `users file ${path}`;
    return sharedSource(
      `file:${path}`,
      label,
      session,
      () => readUsersFile(path),
      (err) =>
        err instanceof SecurityConfigError ? err : new SecurityConfigError(`${label}: ${(err as Error).message}`),
    );
  }
  if (Array.isArray(option)) {
    const list: unknown[] = option;
    const digest = createHash("sha256").update(JSON.stringify(option)).digest("hex").slice(0, 16);
    return sharedSource(
      `list:${digest}`,
      "users listed in settings.js",
      session,
      () => ({ list }),
      (err) => err,
    );
  }
  return failing(
    "users",
    new SecurityConfigError(
      "options.users must be the id of an auth-users node, a list of { username, password: <bcrypt hash>, roles }, " +
        "or the path of a JSON users file",
    ),
  );
}

/**
 * A users source to share between factories (one login, one lockout everywhere):
 * `const users = security.users("./users.json")`, then `security.httpNode({ users })`.
 */
export function users(option: Exclude<UsersOption, UsersHandle>, session: SessionOptions = {}): UsersHandle {
  return usersSource(option, session);
}

/** The users context now, or why there is none; a missing user list counts as a problem. */
export function currentUsers(handle: UsersHandle): UsersContext | Error {
  try {
    const ctx = handle.provider();
    if (ctx instanceof Error) return ctx;
    return ctx.users.activeCount === 0 ? new Error(`${handle.label}: no user can log in`) : ctx;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
