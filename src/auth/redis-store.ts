// The shared store on Redis: several Node-RED instances behind a load balancer see the same sessions,
// lockout counters, the login limiter's counters (through src/gate) and one-time codes. The "redis"
// package is an optional peer dependency, loaded only when a Redis store is made. The store never waits for Redis (see
// redis-connection.ts): every failure is a StoreUnavailableError, so the gates refuse rather than hang
// or let anyone in unchecked.
import { randomBytes } from "node:crypto";
import { failureBucket, type NamespaceKey, plainBucket, sessionBucket, stepBucket } from "./redis-buckets";
import {
  type ModuleLoader,
  type RedisStoreOptions,
  loadModules,
  readRedisOptions,
  requireModule,
} from "./redis-config";
import { RedisConnection } from "./redis-connection";
import type { LimiterCommands, SharedStore } from "./store";

export class RedisStore implements SharedStore {
  readonly kind = "redis" as const;
  readonly description: string;
  readonly prefix: string;
  private readonly connection: RedisConnection;
  private readonly channel: string;
  /** Marks this instance's own notifications, which it hands to its listeners directly. */
  private readonly origin = randomBytes(9).toString("base64url");
  private readonly endedListeners = new Set<(namespace: string, ids: readonly string[]) => void>();
  private readonly buckets = new Map<string, unknown>();

  constructor(options: RedisStoreOptions, loader: ModuleLoader = requireModule) {
    const settings = readRedisOptions(options);
    this.prefix = settings.prefix;
    this.description = settings.description;
    this.channel = `${this.prefix}ended`;
    const modules = loadModules(loader);
    this.connection = new RedisConnection(modules.redis, settings, this.channel, (message) => this.heard(message));
  }

  available(): boolean {
    return this.connection.available();
  }

  /** Resolves once connected and listening for notifications; for start-up checks and tests. */
  whenReady(timeoutMs = 5_000): Promise<void> {
    return this.connection.whenReady(timeoutMs);
  }

  onAvailability(listener: (available: boolean) => void): () => void {
    return this.connection.onAvailability(listener);
  }

  private namespaceKey(namespace: string): NamespaceKey {
    // The namespace is encoded so that it holds no ":" and one namespace's pattern never matches another's.
    return (kind, key = "") => `${this.prefix}${kind}:${encodeURIComponent(namespace)}:${key}`;
  }

  private bucket<B>(kind: string, namespace: string, make: (keyOf: NamespaceKey) => B): B {
    const id = `${kind}\u0000${namespace}`;
    let found = this.buckets.get(id) as B | undefined;
    if (found === undefined) {
      found = make(this.namespaceKey(namespace));
      this.buckets.set(id, found);
    }
    return found;
  }

  // As properties of SharedStore's types, so that they take its maxEntries too: it bounds a memory store,
  // while Redis keys expire by themselves.
  readonly sessions: SharedStore["sessions"] = (namespace) =>
    this.bucket("sessions", namespace, (keyOf) => sessionBucket(this.connection, keyOf));

  readonly failures: SharedStore["failures"] = (namespace) =>
    this.bucket("failures", namespace, (keyOf) => failureBucket(this.connection, keyOf));

  readonly steps: SharedStore["steps"] = (namespace) =>
    this.bucket("steps", namespace, (keyOf) => stepBucket(this.connection, keyOf));

  readonly values: SharedStore["values"] = <T>(namespace: string) =>
    this.bucket("values", namespace, (keyOf) => plainBucket<T>(this.connection, keyOf, "values"));

  publishEnded(namespace: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    if (this.available()) {
      const message = JSON.stringify({ origin: this.origin, namespace, ids });
      // Other instances miss this one notification when it fails; their sessions are gone from the store anyway.
      this.connection.send(["PUBLISH", this.channel, message]).catch(() => undefined);
    }
    // This instance's listeners hear it here, once; its own subscription skips its own messages.
    for (const listener of [...this.endedListeners]) listener(namespace, ids);
  }

  onEnded(listener: (namespace: string, ids: readonly string[]) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** A notification from any instance, this one's own included. */
  private heard(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const { origin, namespace, ids } = (parsed ?? {}) as { origin?: unknown; namespace?: unknown; ids?: unknown };
    if (origin === this.origin || typeof namespace !== "string") return;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string")) return;
    for (const listener of [...this.endedListeners]) {
      try {
        listener(namespace, ids);
      } catch {
        // A failing listener must not break the subscription for the others.
      }
    }
  }

  limiterCommands(): LimiterCommands {
    return { prefix: `${this.prefix}rate:`, send: (args) => this.connection.send(args) };
  }

  close(): Promise<void> {
    this.endedListeners.clear();
    return this.connection.close();
  }
}
