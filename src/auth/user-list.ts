// Reads a list of users as configured: an auth-users node's list (checked by its dialog; read as well as
// it can be, and UserDirectory refuses what cannot work) or one written in settings.js or a users file
// (refused entry by entry, with a message that says how to fix it).
import { classifyHash } from "./password-hash";
import { userName } from "../shared/validate";

/** One user of a list: a node's list holds no hash (those are credentials); settings.js holds bcrypt hashes. */
export interface ListedUser {
  /** The node's id for the user ("" in settings.js lists, which have none). */
  readonly id: string;
  readonly username: string;
  readonly roles: string[];
  readonly enabled: boolean;
  /** bcrypt hash (settings.js and users files). */
  readonly hash?: string;
}

/** How a settings.js list is refused: where it comes from, and the error to throw. */
export interface StrictReading {
  /** For messages: "users listed in settings.js", "users file /x/users.json". */
  readonly where: string;
  readonly refuse: (message: string) => Error;
}

function strictRoles(u: Record<string, unknown>, username: string, strict: StrictReading): string[] {
  const roles = u.roles ?? u.permissions ?? [];
  const list = typeof roles === "string" ? [roles] : roles;
  if (!Array.isArray(list) || !list.every((r) => typeof r === "string")) {
    throw strict.refuse(`${strict.where}: the roles of "${username}" must be a list of names`);
  }
  return list.map((r: string) => r.trim()).filter(Boolean);
}

function lenientRoles(u: Record<string, unknown>): string[] {
  return Array.isArray(u.roles)
    ? u.roles.filter((r): r is string => typeof r === "string" && r.trim().length > 0).map((r) => r.trim())
    : [];
}

function strictHash(u: Record<string, unknown>, username: string, strict: StrictReading): string {
  const password = u.password;
  if (typeof password !== "string" || classifyHash(password).kind !== "bcrypt") {
    throw strict.refuse(
      `${strict.where}: the password of "${username}" is not a bcrypt hash. Plain-text passwords are refused: ` +
        'make a hash with "npx node-red-contrib-security hash-pw" (or the Security sidebar) and paste that.',
    );
  }
  return password;
}

/** One entry; undefined for an entry a lenient reading leaves out. */
function readUser(entry: unknown, index: number, strict: StrictReading | undefined): ListedUser | undefined {
  const isObject = typeof entry === "object" && entry !== null;
  if (strict && (!isObject || Array.isArray(entry))) {
    throw strict.refuse(`${strict.where}: user #${String(index + 1)} is not an object like { username, password }`);
  }
  if (!isObject) return undefined;
  const u = entry as Record<string, unknown>;
  const username = userName(u.username);
  const id = typeof u.id === "string" ? u.id : "";
  const enabled = u.enabled !== false;
  if (!strict) return { id, username, roles: lenientRoles(u), enabled };
  if (username.length === 0) throw strict.refuse(`${strict.where}: user #${String(index + 1)} has no username`);
  const hash = strictHash(u, username, strict);
  return { id, username, roles: strictRoles(u, username, strict), enabled, hash };
}

/**
 * The users of a list. With `strict` (settings.js, users files) a bad entry throws `strict.refuse(…)`;
 * without it (a node's list) bad entries are left out or read with defaults.
 */
export function readUserList(value: unknown, strict?: StrictReading): ListedUser[] {
  if (!Array.isArray(value)) {
    if (strict) throw strict.refuse(`${strict.where}: expected a list of users`);
    return [];
  }
  const users: ListedUser[] = [];
  value.forEach((entry: unknown, index) => {
    const user = readUser(entry, index, strict);
    if (user) users.push(user);
  });
  return users;
}
