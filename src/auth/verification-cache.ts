// Remembers recent successful password checks so repeat requests cost a keyed hash, not a bcrypt.
// Keys are HMACs of the credentials under a random per-process key: the cache never holds a password.
import { createHmac, randomBytes } from "node:crypto";
import { BoundedMap } from "./bounded-map";

export interface VerificationCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export class VerificationCache {
  private readonly key = randomBytes(32);
  private readonly entries: BoundedMap<string, string>;
  private readonly ttlMs: number;

  constructor({ ttlMs = 10 * 60_000, maxEntries = 10_000, now }: VerificationCacheOptions = {}) {
    this.ttlMs = ttlMs;
    this.entries = new BoundedMap(maxEntries, now);
  }

  private digest(username: string, password: string, hash: string): string {
    // The stored hash is part of the key: a changed password never matches an old entry.
    return createHmac("sha256", this.key)
      .update(username)
      .update("\0")
      .update(password)
      .update("\0")
      .update(hash)
      .digest("base64");
  }

  /** True when these exact credentials were verified against this hash within the TTL; refreshes the TTL. */
  has(username: string, password: string, hash: string): boolean {
    const digest = this.digest(username, password, hash);
    if (this.entries.get(digest) !== username) return false;
    this.entries.set(digest, username, this.ttlMs);
    return true;
  }

  remember(username: string, password: string, hash: string): void {
    this.entries.set(this.digest(username, password, hash), username, this.ttlMs);
  }

  /** Forgets every entry of one user (password changed, user removed or disabled). */
  forgetUser(username: string): void {
    this.entries.deleteWhere((u) => u === username);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
