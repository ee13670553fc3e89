// Tells what kind of password hash a setting holds and whether it hides a well-known password.
import { createHmac, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

export type HashKind = "bcrypt" | "md5" | "plaintext" | "empty" | "missing";

export interface HashInfo {
  readonly kind: HashKind;
  /** bcrypt cost factor, for bcrypt hashes. */
  readonly cost?: number;
}

export type WeakCheck =
  /** The hash is the example from Node-RED's own settings.js template (the password "password"). */
  | "template-example"
  /** The hash matches one of the most common passwords. */
  | "known-weak"
  | "not-found"
  /** Not a bcrypt hash: nothing to compare against. */
  | "not-checked";

/** bcrypt hash of "password" (cost 8) shipped, commented out, in every Node-RED settings.js. */
export const TEMPLATE_EXAMPLE_HASH = "$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.";

/** Most likely first: the check may stop early on expensive hashes. */
export const COMMON_PASSWORDS: readonly string[] = [
  "password",
  "admin",
  "123456",
  "changeme",
  "nodered",
  "node-red",
  "raspberry",
  "12345678",
  "password1",
  "admin123",
  "qwerty",
  "letmein",
];

const BCRYPT_RE = /^\$2[abxy]?\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const MD5_RE = /^[0-9a-f]{32}$/i;

export function classifyHash(value: unknown): HashInfo {
  if (value === undefined || value === null) return { kind: "missing" };
  if (typeof value !== "string") return { kind: "plaintext" };
  if (value.length === 0) return { kind: "empty" };
  const bcryptMatch = BCRYPT_RE.exec(value);
  if (bcryptMatch?.[1] !== undefined) return { kind: "bcrypt", cost: Number(bcryptMatch[1]) };
  if (MD5_RE.test(value)) return { kind: "md5" };
  return { kind: "plaintext" };
}

/**
 * How many candidates to try against a hash of this cost: about the work of twelve cost-10 checks
 * (a second or so on a small machine), so expensive hashes get the most common passwords only.
 */
export function candidatesForCost(cost: number): number {
  const budget = 12 * 2 ** 10;
  return Math.max(2, Math.min(COMMON_PASSWORDS.length, Math.floor(budget / 2 ** cost)));
}

// Results are kept per process under a keyed digest of the hash, never the hash itself,
// so a heap dump of the cache says nothing about the hashes it has seen.
const cacheKey = randomBytes(32);
const weakCache = new Map<string, Promise<WeakCheck>>();
const WEAK_CACHE_LIMIT = 256;

/** Compares a hash with the common-password list, without blocking the event loop. Cached. */
export function checkWeakPassword(hash: string): Promise<WeakCheck> {
  if (hash === TEMPLATE_EXAMPLE_HASH) return Promise.resolve("template-example");
  const info = classifyHash(hash);
  if (info.kind !== "bcrypt" || info.cost === undefined) return Promise.resolve("not-checked");
  const key = createHmac("sha256", cacheKey).update(hash).digest("base64");
  const cached = weakCache.get(key);
  if (cached) return cached;
  const pending = compareAgainstList(hash, candidatesForCost(info.cost));
  if (weakCache.size >= WEAK_CACHE_LIMIT) {
    const oldest = weakCache.keys().next().value;
    if (oldest !== undefined) weakCache.delete(oldest);
  }
  weakCache.set(key, pending);
  return pending;
}

async function compareAgainstList(hash: string, count: number): Promise<WeakCheck> {
  for (const candidate of COMMON_PASSWORDS.slice(0, count)) {
    try {
      if (await bcrypt.compare(candidate, hash)) {
        return candidate === "password" ? "template-example" : "known-weak";
      }
    } catch {
      return "not-checked";
    }
  }
  return "not-found";
}
