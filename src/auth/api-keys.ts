// API keys for devices and scripts: `nrs_<id>_<secret>`, shown once, kept as a SHA-256 of the secret.
// Checking one is a map lookup by id and one hash compared in constant time — no bcrypt per request,
// which is fine because the secret is 256 random bits, not something a person chose.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthenticatedUser } from "./decision";
import type { UserDirectory } from "./users";

export interface ApiKeyRecord {
  readonly id: string;
  /** The user the key acts as. */
  readonly username: string;
  /** What the person called it: "garage door sensor". */
  readonly name: string;
  /** The roles the key carries (a subset of its user's); empty: all of the user's roles. */
  readonly roles: readonly string[];
  /** SHA-256 of the secret part, hex. */
  readonly hash: string;
  readonly createdAt: number;
  /** Milliseconds since the epoch after which the key no longer works. */
  readonly expiresAt?: number;
}

export type ApiKeyCheck =
  | { readonly ok: true; readonly user: AuthenticatedUser; readonly keyId: string }
  | { readonly ok: false; readonly reason: "malformed" | "unknown" | "expired" | "user-disabled" };

const KEY_FORMAT = /^nrs_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

function digest(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/** A new key for a user: the key to show once, and the record to store. */
export function makeApiKey(
  username: string,
  name: string,
  roles: readonly string[],
  now: number,
  expiresAt?: number,
): { key: string; record: ApiKeyRecord } {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return {
    key: `nrs_${id}_${secret}`,
    record: {
      id,
      username,
      name,
      roles: [...roles],
      hash: digest(secret).toString("hex"),
      createdAt: now,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    },
  };
}

/** Reads stored records, dropping anything malformed (a corrupt entry must not break the others). */
export function readApiKeyRecords(value: unknown): ApiKeyRecord[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is ApiKeyRecord => {
    if (typeof r !== "object" || r === null) return false;
    const x = r as Record<string, unknown>;
    return (
      typeof x.id === "string" &&
      /^[a-f0-9]{16}$/.test(x.id) &&
      typeof x.username === "string" &&
      typeof x.name === "string" &&
      Array.isArray(x.roles) &&
      x.roles.every((role) => typeof role === "string") &&
      typeof x.hash === "string" &&
      /^[a-f0-9]{64}$/.test(x.hash) &&
      typeof x.createdAt === "number" &&
      (x.expiresAt === undefined || typeof x.expiresAt === "number")
    );
  });
}

export class ApiKeyStore {
  private readonly byId = new Map<string, ApiKeyRecord>();
  private readonly lastUsed = new Map<string, number>();

  constructor(
    records: readonly ApiKeyRecord[],
    private readonly now: () => number = Date.now,
  ) {
    for (const r of records) this.byId.set(r.id, r);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Checks a presented key against the store and the current users. */
  check(presented: string, users: UserDirectory): ApiKeyCheck {
    const match = KEY_FORMAT.exec(presented.trim());
    if (!match) return { ok: false, reason: "malformed" };
    const [, id = "", secret = ""] = match;
    const record = this.byId.get(id);
    // The hash is computed even for unknown ids, so both cost the same.
    const given = digest(secret);
    const stored = Buffer.from(record?.hash ?? "0".repeat(64), "hex");
    const same = timingSafeEqual(given, stored);
    if (!record || !same) return { ok: false, reason: "unknown" };
    if (record.expiresAt !== undefined && this.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    const user = users.find(record.username);
    if (!user?.enabled) return { ok: false, reason: "user-disabled" };
    // A key never carries more than its user has now.
    const roles = record.roles.length === 0 ? user.roles : record.roles.filter((r) => user.roles.includes(r));
    this.lastUsed.set(id, this.now());
    return { ok: true, user: { username: user.username, roles }, keyId: id };
  }

  /** Ends a key at once (the caller also removes it from what is stored). */
  revoke(id: string): boolean {
    this.lastUsed.delete(id);
    return this.byId.delete(id);
  }

  /** Whether key `id` is accepted (not revoked). */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Starts accepting a key at once. */
  add(record: ApiKeyRecord): void {
    this.byId.set(record.id, record);
  }

  /** Milliseconds since the epoch of the key's last successful use in this process. */
  lastUsedAt(id: string): number | undefined {
    return this.lastUsed.get(id);
  }
}
