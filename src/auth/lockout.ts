// Counts failed logins per key (a client address, or a user name) and answers with growing delays:
// a few free mistakes, then a lock that doubles with each further failure, up to a ceiling.
import { BoundedMap } from "./bounded-map";

export interface LockoutPolicy {
  /** Failures allowed before the first lock. */
  readonly freeFailures: number;
  /** Length of the first lock; each further failure doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A key with no failure for this long starts afresh. */
  readonly forgetAfterMs: number;
}

export const IP_POLICY: LockoutPolicy = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export const USERNAME_POLICY: LockoutPolicy = {
  freeFailures: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface Failures {
  count: number;
  lockedUntil: number;
}

export interface LockState {
  readonly locked: boolean;
  /** Milliseconds until the next attempt is accepted (0 when not locked). */
  readonly retryAfterMs: number;
  readonly failures: number;
}

export class LockoutCounter {
  private readonly failures: BoundedMap<string, Failures>;

  constructor(
    private readonly policy: LockoutPolicy,
    maxEntries = 200_000,
    private readonly now: () => number = Date.now,
  ) {
    this.failures = new BoundedMap(maxEntries, now);
  }

  check(key: string): LockState {
    const record = this.failures.get(key);
    if (!record) return { locked: false, retryAfterMs: 0, failures: 0 };
    const wait = Math.max(0, record.lockedUntil - this.now());
    return { locked: wait > 0, retryAfterMs: wait, failures: record.count };
  }

  /** Records a failure and returns the lock it leads to. */
  fail(key: string): LockState {
    const record = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    record.count += 1;
    const over = record.count - this.policy.freeFailures;
    if (over > 0) {
      const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
      record.lockedUntil = this.now() + delay;
    }
    this.failures.set(key, record, Math.max(this.policy.forgetAfterMs, record.lockedUntil - this.now()));
    return this.check(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }
}
