// Counts failed logins per key (a client address, or a user name) and answers with growing delays:
// a few free mistakes, then a lock that doubles with each further failure, up to a ceiling.
import { MemoryStore } from "./memory-store";
import type { FailureBucket, Failures, LockoutPolicy, SharedStore } from "./store";

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

export interface LockState {
  readonly locked: boolean;
  /** Milliseconds until the next attempt is accepted (0 when not locked). */
  readonly retryAfterMs: number;
  readonly failures: number;
}

export interface LockoutOptions {
  /** Where the counters live; a new memory store when absent. */
  readonly store?: SharedStore;
  readonly namespace?: string;
  /** Bound of a memory store (least recently used go first). */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export class LockoutCounter {
  private readonly failures: FailureBucket;
  private readonly now: () => number;

  constructor(
    private readonly policy: LockoutPolicy,
    options: LockoutOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const store = options.store ?? new MemoryStore(this.now);
    this.failures = store.failures(options.namespace ?? "lockout", options.maxEntries ?? 200_000);
  }

  private state(record: Failures | undefined): LockState {
    if (!record) return { locked: false, retryAfterMs: 0, failures: 0 };
    const wait = Math.max(0, record.lockedUntil - this.now());
    return { locked: wait > 0, retryAfterMs: wait, failures: record.count };
  }

  async check(key: string): Promise<LockState> {
    return this.state(await this.failures.get(key));
  }

  /** Records a failure and returns the lock it leads to. */
  async fail(key: string): Promise<LockState> {
    return this.state(await this.failures.add(key, this.policy, this.now()));
  }

  async reset(key: string): Promise<void> {
    await this.failures.delete(key);
  }

  /** How many keys a memory store holds (undefined for a shared store). */
  get size(): number | undefined {
    return (this.failures as { size?: number }).size;
  }
}
