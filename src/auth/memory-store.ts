// The default store: this process's memory, bounded per namespace (least recently used go first), so
// no flood of distinct clients grows it without limit. Always available; lost on restart.
import { BoundedMap } from "./bounded-map";
import {
  type Bucket,
  type FailureBucket,
  type Failures,
  type SessionBucket,
  type SharedStore,
  type StepBucket,
  type StoredSession,
  failureTtl,
  lockUntil,
  type LockoutPolicy,
} from "./store";

class MemoryBucket<T> implements Bucket<T> {
  protected readonly map: BoundedMap<string, T>;

  constructor(maxEntries: number, now: () => number) {
    this.map = new BoundedMap(maxEntries, now);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Promise<T | undefined> {
    return Promise.resolve(this.map.get(key));
  }

  set(key: string, value: T, ttlMs: number): Promise<void> {
    this.map.set(key, value, ttlMs);
    return Promise.resolve();
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.map.delete(key));
  }

  take(key: string): Promise<T | undefined> {
    const value = this.map.get(key);
    this.map.delete(key);
    return Promise.resolve(value);
  }

  add(key: string, value: T, ttlMs: number): Promise<boolean> {
    if (this.map.get(key) !== undefined) return Promise.resolve(false);
    this.map.set(key, value, ttlMs);
    return Promise.resolve(true);
  }

  update(key: string, value: T, ttlMs: number): Promise<boolean> {
    if (this.map.get(key) === undefined) return Promise.resolve(false);
    this.map.set(key, value, ttlMs);
    return Promise.resolve(true);
  }
}

class MemorySessions extends MemoryBucket<StoredSession> implements SessionBucket {
  deleteUser(username: string): Promise<string[]> {
    const ids: string[] = [];
    this.map.deleteWhere((s, id) => {
      if (s.username !== username) return false;
      ids.push(id);
      return true;
    });
    return Promise.resolve(ids);
  }

  clear(): Promise<string[]> {
    const ids: string[] = [];
    this.map.deleteWhere((_s, id) => {
      ids.push(id);
      return true;
    });
    return Promise.resolve(ids);
  }

  /** Memory does not outlive the process: no session of an earlier version is in it. */
  endLegacy(): Promise<number> {
    return Promise.resolve(0);
  }
}

class MemoryFailures implements FailureBucket {
  private readonly map: BoundedMap<string, Failures>;

  constructor(
    maxEntries: number,
    private readonly now: () => number,
  ) {
    this.map = new BoundedMap(maxEntries, now);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Promise<Failures | undefined> {
    return Promise.resolve(this.map.get(key));
  }

  add(key: string, policy: LockoutPolicy, now: number): Promise<Failures> {
    const previous = this.map.get(key);
    const count = (previous?.count ?? 0) + 1;
    const record: Failures = { count, lockedUntil: lockUntil(policy, count, now) || (previous?.lockedUntil ?? 0) };
    this.map.set(key, record, failureTtl(policy, record, this.now()));
    return Promise.resolve(record);
  }

  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
}

class MemorySteps implements StepBucket {
  private readonly map: BoundedMap<string, number>;

  constructor(maxEntries: number, now: () => number) {
    this.map = new BoundedMap(maxEntries, now);
  }

  advance(key: string, step: number, ttlMs: number): Promise<boolean> {
    const used = this.map.get(key);
    if (used !== undefined && step <= used) return Promise.resolve(false);
    this.map.set(key, step, ttlMs);
    return Promise.resolve(true);
  }
}

export class MemoryStore implements SharedStore {
  readonly kind = "memory" as const;
  readonly description = "memory";
  private readonly endedListeners = new Set<(namespace: string, ids: readonly string[]) => void>();
  /** One bucket per kind and namespace, as a shared store would have. */
  private readonly buckets = new Map<string, unknown>();

  constructor(private readonly now: () => number = Date.now) {}

  private bucket<B>(kind: string, namespace: string, make: () => B): B {
    const key = `${kind}\u0000${namespace}`;
    let found = this.buckets.get(key) as B | undefined;
    if (found === undefined) {
      found = make();
      this.buckets.set(key, found);
    }
    return found;
  }

  available(): boolean {
    return true;
  }

  sessions(namespace: string, maxEntries: number): SessionBucket {
    return this.bucket("sessions", namespace, () => new MemorySessions(maxEntries, this.now));
  }

  failures(namespace: string, maxEntries: number): FailureBucket {
    return this.bucket("failures", namespace, () => new MemoryFailures(maxEntries, this.now));
  }

  steps(namespace: string, maxEntries: number): StepBucket {
    return this.bucket("steps", namespace, () => new MemorySteps(maxEntries, this.now));
  }

  values<T>(namespace: string, maxEntries: number): Bucket<T> {
    return this.bucket("values", namespace, () => new MemoryBucket<T>(maxEntries, this.now));
  }

  /** Forgets a namespace's buckets (a removed users configuration). */
  dropNamespace(namespace: string): void {
    for (const key of [...this.buckets.keys()]) if (key.endsWith(`\u0000${namespace}`)) this.buckets.delete(key);
  }

  publishEnded(namespace: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const listener of this.endedListeners) listener(namespace, ids);
  }

  onEnded(listener: (namespace: string, ids: readonly string[]) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  limiterCommands(): undefined {
    return undefined;
  }

  onAvailability(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
