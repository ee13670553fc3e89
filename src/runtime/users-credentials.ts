// The auth-users node's credentials, typed: the password hashes, re-hashes, API key records and second
// factors are kept by Node-RED as JSON text in "password" credentials (encrypted, never sent back to
// the editor); this module is the one place that reads and writes that format.
import { type ApiKeyRecord, readApiKeyRecords } from "../auth/api-keys";

export const USERS_TYPE = "auth-users";

/** The credentials the node declares: all "password", so none is ever sent to the editor. */
export const USERS_CREDENTIALS = {
  hashes: { type: "password" },
  sessionSecret: { type: "password" },
  apiKeys: { type: "password" },
  totp: { type: "password" },
  redisUrl: { type: "password" },
  rehashed: { type: "password" },
} as const;

/** One user's second factor, as kept in the `totp` credential. */
export interface TotpEnrolment {
  /** Base32 shared secret of the authenticator app. */
  secret: string;
  /** SHA-256 hex of each unused recovery code (see makeRecoveryCodes). */
  recovery: string[];
  /** Milliseconds since the epoch. */
  enrolledAt: number;
}

/**
 * Session fingerprints of a hash and of the stronger one a login replaced it with (same password):
 * sessions made before the re-hash stay valid.
 */
export interface Rehash {
  from: string;
  to: string;
}

/** What an auth-users node's credentials hold, read. Damaged JSON or entries are left out, never thrown. */
export interface UsersCredentials {
  /** bcrypt hash by user id. */
  hashes: Record<string, string>;
  rehashed: Record<string, Rehash>;
  /** Hashes of the keys' secrets, never the keys. */
  apiKeys: ApiKeyRecord[];
  /** By user id; the object has no prototype, so a user id like "constructor" finds nothing. */
  totp: Record<string, TotpEnrolment>;
  /** Signs session cookies; made on first start. */
  sessionSecret?: string;
  /** redis:// URL of a shared store (may hold the store's password). */
  redisUrl?: string;
}

/** Where Node-RED keeps a node's credentials. */
export interface CredentialsApi {
  getCredentials(id: string): Record<string, unknown> | undefined;
  addCredentials(id: string, credentials: Record<string, unknown>): Promise<void> | void;
}

const BASE32 = /^[A-Z2-7]+=*$/;
const RECOVERY_HASH = /^[a-f0-9]{64}$/;

/** The JSON object in a credential, or undefined when it is missing or not an object. */
function jsonObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function readHashes(text: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(jsonObject(text) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

function readRehashed(text: unknown): Record<string, Rehash> {
  return Object.fromEntries(
    Object.entries(jsonObject(text) ?? {}).filter(
      (e): e is [string, Rehash] =>
        typeof e[1] === "object" &&
        e[1] !== null &&
        typeof (e[1] as Record<string, unknown>).from === "string" &&
        typeof (e[1] as Record<string, unknown>).to === "string",
    ),
  );
}

function readApiKeys(text: unknown): ApiKeyRecord[] {
  if (typeof text !== "string" || text === "") return [];
  try {
    return readApiKeyRecords(JSON.parse(text));
  } catch {
    return [];
  }
}

function readEnrolment(value: unknown): TotpEnrolment | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.secret !== "string" || !BASE32.test(v.secret)) return undefined;
  if (!Array.isArray(v.recovery) || typeof v.enrolledAt !== "number" || !Number.isFinite(v.enrolledAt)) {
    return undefined;
  }
  // One damaged recovery hash must not drop the whole second factor.
  const recovery = v.recovery.filter((h): h is string => typeof h === "string" && RECOVERY_HASH.test(h));
  return { secret: v.secret, recovery, enrolledAt: v.enrolledAt };
}

function readTotp(text: unknown): Record<string, TotpEnrolment> {
  const result = Object.create(null) as Record<string, TotpEnrolment>;
  for (const [userId, value] of Object.entries(jsonObject(text) ?? {})) {
    const enrolment = readEnrolment(value);
    if (enrolment) result[userId] = enrolment;
  }
  return result;
}

/** Reads credentials as Node-RED hands them over (a node's `credentials`, or getCredentials). */
export function readUsersCredentials(raw: unknown): UsersCredentials {
  const c = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    hashes: readHashes(c.hashes),
    rehashed: readRehashed(c.rehashed),
    apiKeys: readApiKeys(c.apiKeys),
    totp: readTotp(c.totp),
    ...(typeof c.sessionSecret === "string" ? { sessionSecret: c.sessionSecret } : {}),
    ...(typeof c.redisUrl === "string" ? { redisUrl: c.redisUrl } : {}),
  };
}

/** A node's credentials as stored now (changes made since its deploy included). */
export function storedCredentials(nodes: CredentialsApi, id: string): UsersCredentials {
  return readUsersCredentials(nodes.getCredentials(id));
}

/**
 * Saves `change` into a node's credentials; what it does not name stays as it is. In effect at the next
 * deploy, which saves them with the flows.
 */
export async function saveCredentials(
  nodes: CredentialsApi,
  id: string,
  change: Readonly<Partial<UsersCredentials>>,
): Promise<void> {
  const encoded: Record<string, string> = {};
  for (const key of ["hashes", "rehashed", "apiKeys", "totp"] as const) {
    if (change[key] !== undefined) encoded[key] = JSON.stringify(change[key]);
  }
  for (const key of ["sessionSecret", "redisUrl"] as const) {
    const value = change[key];
    if (value !== undefined) encoded[key] = value;
  }
  await nodes.addCredentials(id, { ...(nodes.getCredentials(id) ?? {}), ...encoded });
}
