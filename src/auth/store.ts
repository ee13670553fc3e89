// Where sessions, lockout counters and one-time codes live. Memory (this process) by default; a shared
// store (Redis) lets several Node-RED instances behind a load balancer share logins and lockouts.
// Every operation is asynchronous; a store that cannot answer throws StoreUnavailableError, and the
// gates then refuse ("store unavailable") rather than let anyone in unchecked.
/** How failed logins per key turn into locks (see lockout.ts for the policies in use). */
export interface LockoutPolicy {
  /** Failures allowed before the first lock. */
  readonly freeFailures: number;
  /** Length of the first lock; each further failure doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A key with no failure for this long starts afresh. */
  readonly forgetAfterMs: number;
}

export class StoreUnavailableError extends Error {
  readonly code = "ERR_NRS_STORE_UNAVAILABLE";
}

/**
 * A login session as stored, under a SHA-256 of the id in its cookie. Nothing in it, nor its key, can be
 * turned back into the cookie: whoever reads the store (a backup, a replica) gets no session from it.
 */
export interface StoredSession {
  readonly username: string;
  /** Fingerprint of the password hash at login: a new password ends old sessions. */
  readonly passwordFingerprint: string;
  readonly createdAt: number;
  readonly lastSeen: number;
  /** The login included a second factor. */
  readonly secondFactor?: boolean;
}

/** Failed attempts under one key (a client address or a user name). */
export interface Failures {
  readonly count: number;
  /** Milliseconds since the epoch; 0 when never locked. */
  readonly lockedUntil: number;
}

/** Values with a lifetime, in one namespace. Values are JSON-safe and never mutated after `set`. */
export interface Bucket<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Reads and removes in one step: of two instances taking the same key, one gets it. */
  take(key: string): Promise<T | undefined>;
  /** Stores `value` unless the key holds one; true when stored (a one-time claim). */
  add(key: string, value: T, ttlMs: number): Promise<boolean>;
  /**
   * Replaces the value only while the key holds one; true when replaced. A refresh racing a delete
   * (a logout, a used pending login) never brings back what the delete removed.
   */
  update(key: string, value: T, ttlMs: number): Promise<boolean>;
}

export interface SessionBucket extends Bucket<StoredSession> {
  /** Removes every session of a user; returns the removed ids. */
  deleteUser(username: string): Promise<string[]>;
  /** Removes every session of the namespace; returns the removed ids. */
  clear(): Promise<string[]>;
  /**
   * Removes the sessions that earlier versions stored under the cookie's own id, with its signature
   * (anyone reading the store could have made their cookies); returns how many there were.
   */
  endLegacy(): Promise<number>;
}

export interface FailureBucket {
  get(key: string): Promise<Failures | undefined>;
  /** Counts one more failure and locks as the policy says, atomically across instances. */
  add(key: string, policy: LockoutPolicy, now: number): Promise<Failures>;
  delete(key: string): Promise<void>;
}

export interface StepBucket {
  /**
   * Records `step` for `key` when it is greater than the one recorded; true when recorded. A TOTP
   * code's time step passes once, and no older step passes after it.
   */
  advance(key: string, step: number, ttlMs: number): Promise<boolean>;
}

/** How often a key was counted in the current window, and when that window ends. */
export interface CounterHits {
  totalHits: number;
  resetTime: Date | undefined;
}

/**
 * Request counters per key, for a rate limiter: the shape of express-rate-limit's `Store`, declared here
 * so that the decision core needs no rate limiter. `init` gets the limiter's options, of which only the
 * window is read.
 */
export interface CounterStore {
  init?(options: { readonly windowMs: number }): void | Promise<void>;
  get?(key: string): Promise<CounterHits | undefined> | CounterHits | undefined;
  increment(key: string): Promise<CounterHits> | CounterHits;
  decrement(key: string): Promise<void> | void;
  resetKey(key: string): Promise<void> | void;
  resetAll?(): Promise<void> | void;
  shutdown?(): Promise<void> | void;
  /** False: the counts are shared with other instances. */
  localKeys?: boolean;
  prefix?: string;
}

/** Raw commands to a shared store's server, for a rate limiter's counters. */
export interface LimiterCommands {
  /** Put before the limiter's keys: the store's prefix and "rate:". */
  readonly prefix: string;
  send(args: string[]): Promise<unknown>;
}

export interface SharedStore {
  readonly kind: "memory" | "redis";
  /** For status and logs; never includes a password. */
  readonly description: string;
  /** False while the store cannot be reached. Cheap: gates ask on every request. */
  available(): boolean;
  /** `maxEntries` bounds a memory store (least recently used go first); a shared store ignores it. */
  sessions(namespace: string, maxEntries: number): SessionBucket;
  failures(namespace: string, maxEntries: number): FailureBucket;
  steps(namespace: string, maxEntries: number): StepBucket;
  values<T>(namespace: string, maxEntries: number): Bucket<T>;
  /**
   * Tells every instance that sessions ended (logout, password change), so each closes the websockets
   * those sessions opened. A memory store calls the listeners in this process.
   */
  publishEnded(namespace: string, ids: readonly string[]): void;
  onEnded(listener: (namespace: string, ids: readonly string[]) => void): () => void;
  /**
   * Commands to the shared server for the login limiter's counters (src/gate keeps them there with
   * rate-limit-redis); undefined for a memory store, whose limiter counts in its own memory.
   */
  limiterCommands(): LimiterCommands | undefined;
  /** Called when the store becomes reachable (true) or unreachable (false); returns an unsubscribe. */
  onAvailability(listener: (available: boolean) => void): () => void;
  close(): Promise<void>;
}

/** The lock a policy gives after `count` failures (0: none). */
export function lockUntil(policy: LockoutPolicy, count: number, now: number): number {
  const over = count - policy.freeFailures;
  if (over <= 0) return 0;
  return now + Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
}

/** How long a failure record must be kept. */
export function failureTtl(policy: LockoutPolicy, failures: Failures, now: number): number {
  return Math.max(policy.forgetAfterMs, failures.lockedUntil - now);
}
