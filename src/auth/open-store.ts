// Turns the `store` setting into a SharedStore. Memory: a new store each time (what one users
// configuration holds is its own). Redis: one connection per (URL, prefix) in the process, shared by
// every user of it and counted, so that one closing (a redeploy) does not cut the others off; the
// last one to close it closes the connection.
import { MemoryStore } from "./memory-store";
import { type ModuleLoader, type RedisStoreOptions, StoreConfigError, describeRedisUrl } from "./redis-config";
import { RedisStore } from "./redis-store";
import type { Bucket, FailureBucket, SessionBucket, SharedStore, StepBucket } from "./store";

export { StoreConfigError } from "./redis-config";
export type { RedisStoreOptions } from "./redis-config";

export type StoreConfig = undefined | "memory" | { readonly redis: string | RedisStoreOptions };

interface Shared {
  readonly store: RedisStore;
  users: number;
}

const shared = new Map<string, Shared>();

export function openStore(config: StoreConfig, loader?: ModuleLoader): SharedStore {
  if (config === undefined || config === "memory") return new MemoryStore();
  // Settings come from users' JavaScript: the types promise nothing.
  const given = config as unknown;
  if (typeof given !== "object" || given === null || !("redis" in given)) {
    throw new StoreConfigError('The store setting must be "memory" or { redis: "redis://host:6379" }');
  }
  const options: RedisStoreOptions = typeof config.redis === "string" ? { url: config.redis } : config.redis;
  describeRedisUrl((options as Partial<RedisStoreOptions> | null)?.url); // throws the clear error for junk
  const id = `${options.url.trim()}\u0000${options.prefix ?? "nrs:"}`;
  let entry = shared.get(id);
  if (entry === undefined) {
    entry = { store: new RedisStore(options, loader), users: 0 };
    shared.set(id, entry);
  }
  entry.users += 1;
  const owned = entry;
  return new StoreHandle(owned.store, async () => {
    owned.users -= 1;
    if (owned.users > 0) return;
    if (shared.get(id) === owned) shared.delete(id);
    await owned.store.close();
  });
}

/** One user's share of a shared store: its close() releases that share and the listeners it added. */
class StoreHandle implements SharedStore {
  readonly kind: "memory" | "redis";
  readonly description: string;
  private readonly unsubscribers = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly store: SharedStore,
    private readonly release: () => Promise<void>,
  ) {
    this.kind = store.kind;
    this.description = store.description;
  }

  available(): boolean {
    return !this.closed && this.store.available();
  }

  sessions(namespace: string, maxEntries: number): SessionBucket {
    return this.store.sessions(namespace, maxEntries);
  }

  failures(namespace: string, maxEntries: number): FailureBucket {
    return this.store.failures(namespace, maxEntries);
  }

  steps(namespace: string, maxEntries: number): StepBucket {
    return this.store.steps(namespace, maxEntries);
  }

  values<T>(namespace: string, maxEntries: number): Bucket<T> {
    return this.store.values<T>(namespace, maxEntries);
  }

  publishEnded(namespace: string, ids: readonly string[]): void {
    this.store.publishEnded(namespace, ids);
  }

  onEnded(listener: (namespace: string, ids: readonly string[]) => void): () => void {
    return this.track(this.store.onEnded(listener));
  }

  limiterCommands(): ReturnType<SharedStore["limiterCommands"]> {
    return this.store.limiterCommands();
  }

  onAvailability(listener: (available: boolean) => void): () => void {
    return this.track(this.store.onAvailability(listener));
  }

  private track(unsubscribe: () => void): () => void {
    const once = (): void => {
      this.unsubscribers.delete(once);
      unsubscribe();
    };
    this.unsubscribers.add(once);
    return once;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of [...this.unsubscribers]) unsubscribe();
    await this.release();
  }
}
