// Remembers recent successful password checks so repeat requests cost a keyed hash, not a bcrypt.
// The cache belongs to the process, not to a users node: a deploy that changes nothing for a user keeps
// their devices verified. Each entry is bound to the users list, the user name, the password and the
// user's current hash, roles and enabled state, so a changed password, roles, a disabled or removed user
// drops exactly that user's entries. Keys are HMACs under a random per-process key: the cache never
// holds a password or a hash.
import { createHmac, randomBytes } from "node:crypto";
import { BoundedMap } from "./bounded-map";
import type { UserDirectory, UserRecord } from "./users";

export interface VerificationCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly list: string;
  readonly username: string;
  /** HMAC of the user's hash, roles and enabled state when the entry was made. */
  readonly state: string;
}

export class VerificationCache {
  private readonly key = randomBytes(32);
  private readonly entries: BoundedMap<string, Entry>;
  private readonly ttlMs: number;

  constructor({ ttlMs = 10 * 60_000, maxEntries = 10_000, now }: VerificationCacheOptions = {}) {
    this.ttlMs = ttlMs;
    this.entries = new BoundedMap(maxEntries, now);
  }

  /**
   * The key of one set of credentials checked against one hash: also the single-flight key of a check
   * in progress. The stored hash is part of it: a changed password never matches an old entry.
   */
  digest(list: string, username: string, password: string, hash: string): string {
    // One update of the joined text (the same bytes as one update per part): each call into the binding costs.
    return createHmac("sha256", this.key).update(`${list}\0${username}\0${password}\0${hash}`).digest("base64");
  }

  /** User records are made anew at each deploy and never change, so each one's state is worked out once. */
  private readonly states = new WeakMap<UserRecord, string>();

  private state(user: UserRecord): string {
    let state = this.states.get(user);
    if (state === undefined) {
      state = createHmac("sha256", this.key)
        .update(JSON.stringify([user.hash ?? "", user.enabled, [...user.roles].sort()]))
        .digest("base64");
      this.states.set(user, state);
    }
    return state;
  }

  /** True when these credentials were verified for this user as it is now, within the TTL; refreshes the TTL. */
  has(list: string, user: UserRecord, password: string): boolean {
    if (!user.enabled || user.hash === undefined) return false;
    const digest = this.digest(list, user.username, password, user.hash);
    const entry = this.entries.get(digest);
    if (entry?.list !== list || entry.username !== user.username || entry.state !== this.state(user)) return false;
    // get() made it the most recently used already.
    this.entries.renew(digest, this.ttlMs);
    return true;
  }

  remember(list: string, user: UserRecord, password: string): void {
    if (!user.enabled || user.hash === undefined) return;
    this.entries.set(
      this.digest(list, user.username, password, user.hash),
      { list, username: user.username, state: this.state(user) },
      this.ttlMs,
    );
  }

  /**
   * A list was (re)deployed: keeps the entries of users that did not change, drops those of users whose
   * hash, roles or enabled state changed and of users no longer there. Returns the dropped user names.
   */
  retain(list: string, users: UserDirectory): Set<string> {
    const dropped = new Set<string>();
    this.entries.deleteWhere((entry) => {
      if (entry.list !== list) return false;
      const user = users.find(entry.username);
      const stale = user === undefined || entry.state !== this.state(user);
      if (stale) dropped.add(entry.username);
      return stale;
    });
    return dropped;
  }

  /** Forgets every entry of one user of a list. */
  forgetUser(list: string, username: string): void {
    this.entries.deleteWhere((e) => e.list === list && e.username === username);
  }

  /** Forgets a whole list (it was removed). */
  forgetList(list: string): void {
    this.entries.deleteWhere((e) => e.list === list);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

let shared: VerificationCache | undefined;

/** The process's cache: every users list keeps its entries here, across deploys. */
export function sharedVerificationCache(): VerificationCache {
  shared ??= new VerificationCache();
  return shared;
}
