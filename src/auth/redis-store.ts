// The shared store on Redis: several Node-RED instances behind a load balancer see the same sessions,
// lockout counters and one-time codes. The "redis" and "rate-limit-redis" packages are optional peer
// dependencies, loaded only when a Redis store is made. The store never waits for Redis: commands fail
// fast while it is disconnected and give up after a short timeout, and every failure is a
// StoreUnavailableError, so the gates refuse rather than hang or let anyone in unchecked. A server that
// keeps the connection open but stops answering (hung, paused) counts as unavailable from the first
// command that times out, or the first unanswered heartbeat when nothing else asks, until it answers.
import { createHash, randomBytes } from "node:crypto";
import type {
  ClientRateLimitInfo,
  IncrementResponse,
  Options as RateLimitOptions,
  Store as RateLimitStore,
} from "express-rate-limit";
import {
  type Bucket,
  type FailureBucket,
  type Failures,
  type SessionBucket,
  type SharedStore,
  type StoredSession,
  StoreUnavailableError,
  type LockoutPolicy,
} from "./store";

/** A store configuration that cannot work (a bad URL, a missing package). */
export class StoreConfigError extends Error {
  readonly code = "ERR_NRS_STORE_CONFIG";
}

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** Put before every key and the notification channel (default "nrs:"). */
  readonly prefix?: string;
  /** How long one command may take before the store counts as unavailable (default 1000). */
  readonly commandTimeoutMs?: number;
  /** How long one connection attempt may take (default 2000). */
  readonly connectTimeoutMs?: number;
}

/** Loads a package by name; `require` unless a test simulates a missing one. */
export type ModuleLoader = (id: "redis" | "rate-limit-redis") => unknown;

const INSTALL_HINT =
  'The Redis store needs the "redis" and "rate-limit-redis" packages: run `npm install redis rate-limit-redis` in ' +
  "your Node-RED user directory (~/.node-red) and restart Node-RED";

const MAX_RECONNECT_DELAY_MS = 2_000;
const SCAN_COUNT = 500;

// Only what is used of node-redis (v4.6 and v5 both have it), so the types need no "redis" package.
interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "ready" | "end" | "reconnecting", listener: () => void): unknown;
  connect(): Promise<unknown>;
  duplicate(): RedisClientLike;
  sendCommand(args: string[]): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>;
  close?: () => Promise<void>;
  quit(): Promise<unknown>;
  destroy?: () => void;
  disconnect(): Promise<void>;
}

interface RedisClientConfig {
  url: string;
  disableOfflineQueue: boolean;
  socket: { connectTimeout: number; reconnectStrategy: (retries: number) => number };
}

interface RedisModule {
  createClient(options: RedisClientConfig): RedisClientLike;
}

type RateLimitReply = boolean | number | string | (boolean | number | string)[];

interface RateLimitRedisStore {
  init(options: RateLimitOptions): Promise<void>;
  get(key: string): Promise<ClientRateLimitInfo | undefined>;
  increment(key: string): Promise<IncrementResponse>;
  decrement(key: string): Promise<void>;
  resetKey(key: string): Promise<void>;
}

interface RateLimitRedisModule {
  RedisStore: new (options: {
    prefix: string;
    sendCommand: (...args: string[]) => Promise<RateLimitReply>;
  }) => RateLimitRedisStore;
}

const requireModule: ModuleLoader = (id) => require(id) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports

function load(loader: ModuleLoader, id: "redis" | "rate-limit-redis"): unknown {
  try {
    return loader(id);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") {
      throw new StoreConfigError(`"${id}" is not installed. ${INSTALL_HINT}`, { cause: error });
    }
    throw new StoreConfigError(`"${id}" could not be loaded (${String(error)}). ${INSTALL_HINT}`, { cause: error });
  }
}

function loadModules(loader: ModuleLoader): { redis: RedisModule; rateLimit: RateLimitRedisModule } {
  const redis = load(loader, "redis") as Partial<RedisModule> | null;
  const rateLimit = load(loader, "rate-limit-redis") as Partial<RateLimitRedisModule> | null;
  if (typeof redis?.createClient !== "function") {
    throw new StoreConfigError(`The installed "redis" package has no createClient (version 4.6 or later is needed)`);
  }
  if (typeof rateLimit?.RedisStore !== "function") {
    throw new StoreConfigError(`The installed "rate-limit-redis" package has no RedisStore (version 4.2 or later)`);
  }
  return { redis: redis as RedisModule, rateLimit: rateLimit as RateLimitRedisModule };
}

const URL_SHAPE = "redis://[user:password@]host:port[/db] or rediss://…";

/** The URL as shown in status and logs: no password, no query. Throws on anything but a Redis URL. */
export function describeRedisUrl(url: unknown): string {
  if (typeof url !== "string" || url.trim() === "") {
    throw new StoreConfigError(`The Redis store needs a URL like ${URL_SHAPE}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    // The text itself may hold a password: it is not repeated.
    throw new StoreConfigError(`The Redis store URL is not a valid URL; it must look like ${URL_SHAPE}`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new StoreConfigError(`The Redis store URL must start with redis:// or rediss:// (${URL_SHAPE})`);
  }
  if (parsed.hostname === "") throw new StoreConfigError(`The Redis store URL has no host (${URL_SHAPE})`);
  if (!/^(\/\d*)?$/.test(parsed.pathname)) {
    throw new StoreConfigError(`The Redis store URL's path must be a database number (${URL_SHAPE})`);
  }
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString().replace(/\/$/, "");
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new StoreConfigError(`The Redis store's ${name} must be a positive number of milliseconds`);
  }
  return value;
}

/** Redis wants a whole, positive PX; a shorter lifetime than 1 ms is as good as expired anyway. */
function px(ttlMs: number): string {
  return String(Math.max(1, Math.ceil(ttlMs)));
}

/** Escapes glob characters for SCAN MATCH. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function isNoScript(error: unknown): error is Error {
  return error instanceof Error && /^NOSCRIPT/.test(error.message);
}

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }
}

// Sets a session and adds its id to the user's index, whose lifetime only grows, so deleteUser needs no
// SCAN. "nx": only a new one; "xx": only one that is there (a refresh never brings back a logged-out
// session). KEYS: session, index. ARGV: json, px, id, "nx", "xx" or "".
const SET_SESSION = new Script(`
local stored
if ARGV[4] == "nx" then
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2], "NX")
elseif ARGV[4] == "xx" then
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2], "XX")
else
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
end
if not stored then return 0 end
redis.call("SADD", KEYS[2], ARGV[3])
if redis.call("PTTL", KEYS[2]) < tonumber(ARGV[2]) then redis.call("PEXPIRE", KEYS[2], ARGV[2]) end
return 1
`);

// Removes the sessions listed in a user's index that still belong to that user (an id may have been
// reused or already removed). KEYS: index. ARGV: session key prefix, username.
const DELETE_USER = new Script(`
local removed = {}
for _, id in ipairs(redis.call("SMEMBERS", KEYS[1])) do
  local key = ARGV[1] .. id
  local raw = redis.call("GET", key)
  if raw then
    local ok, session = pcall(cjson.decode, raw)
    if ok and type(session) == "table" and session.username == ARGV[2] then
      redis.call("DEL", key)
      table.insert(removed, id)
    end
  end
end
redis.call("DEL", KEYS[1])
return removed
`);

// Removes the sessions earlier versions wrote: under the cookie's own id, with the cookie's signature in
// the value, so that they could be turned back into cookies. KEYS: session keys. ARGV: session key
// prefix, index key prefix. Returns how many were removed.
const END_LEGACY = new Script(`
local removed = 0
for _, key in ipairs(KEYS) do
  local raw = redis.call("GET", key)
  if raw then
    local ok, session = pcall(cjson.decode, raw)
    if ok and type(session) == "table" and session.signature ~= nil then
      redis.call("DEL", key)
      if type(session.username) == "string" then
        redis.call("SREM", ARGV[2] .. session.username, string.sub(key, #ARGV[1] + 1))
      end
      removed = removed + 1
    end
  end
end
return removed
`);

// Deletes the given keys; returns those that existed.
const DELETE_KEYS = new Script(`
local removed = {}
for _, key in ipairs(KEYS) do
  if redis.call("DEL", key) == 1 then table.insert(removed, key) end
end
return removed
`);

// One more failure, atomically across instances: the same formula as lockUntil() and failureTtl() in
// store.ts. KEYS: record. ARGV: freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, now.
const ADD_FAILURE = new Script(`
local free, base, max, forget, now =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local count, previous = 0, 0
local raw = redis.call("GET", KEYS[1])
if raw then
  local ok, record = pcall(cjson.decode, raw)
  if ok and type(record) == "table" then
    count = tonumber(record.count) or 0
    previous = tonumber(record.lockedUntil) or 0
  end
end
count = count + 1
local locked = 0
local over = count - free
if over > 0 then locked = now + math.min(max, base * 2 ^ math.min(over - 1, 30)) end
if locked == 0 then locked = previous end
local ttl = math.max(forget, locked - now)
ttl = math.max(1, math.ceil(ttl))
-- %.0f: whole numbers beyond 32 bits print exactly, also where Lua's %d is 32-bit.
local c, l = string.format("%.0f", count), string.format("%.0f", locked)
redis.call("SET", KEYS[1], '{"count":' .. c .. ',"lockedUntil":' .. l .. '}', "PX", string.format("%.0f", ttl))
return { c, l }
`);

// Records a TOTP time step when it is greater than the recorded one. KEYS: record. ARGV: step, px.
const ADVANCE_STEP = new Script(`
local used = tonumber(redis.call("GET", KEYS[1]))
if used and tonumber(ARGV[1]) <= used then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1
`);

function toFailures(reply: unknown): Failures {
  const [count, lockedUntil] = stringList(reply).map(Number);
  if (count === undefined || lockedUntil === undefined || !Number.isFinite(count) || !Number.isFinite(lockedUntil)) {
    throw new TypeError("unexpected reply to the failure script");
  }
  return { count, lockedUntil };
}

function stringList(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === "string")) {
    throw new TypeError("unexpected reply: a list of strings was expected");
  }
  return reply;
}

/** Read through a function: closing a client changes it, which the compiler cannot see. */
function isOpen(client: RedisClientLike): boolean {
  return client.isOpen;
}

function parseJson(reply: unknown): unknown {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply !== "string") throw new TypeError("unexpected reply: a string was expected");
  return JSON.parse(reply);
}

export class RedisStore implements SharedStore {
  readonly kind = "redis" as const;
  readonly description: string;
  readonly prefix: string;
  private readonly commandTimeoutMs: number;
  private readonly client: RedisClientLike;
  private readonly subscriber: RedisClientLike;
  private readonly rateLimitModule: RateLimitRedisModule;
  private readonly channel: string;
  /** Marks this instance's own notifications, which it hands to its listeners directly. */
  private readonly origin = randomBytes(9).toString("base64url");
  private readonly endedListeners = new Set<(namespace: string, ids: readonly string[]) => void>();
  private readonly availabilityListeners = new Set<(available: boolean) => void>();
  private readonly buckets = new Map<string, unknown>();
  private lastAvailable = false;
  /** The connection is open but the server stopped answering (a command or heartbeat timed out). */
  private stalled = false;
  /** A heartbeat PING is waiting for its answer. */
  private probing = false;
  /** When the server last answered anything (Date.now()). */
  private lastAnswer = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private subscribed = false;
  private subscribing = false;
  private closed = false;

  constructor(options: RedisStoreOptions, loader: ModuleLoader = requireModule) {
    // Settings come from users' JavaScript: the types promise nothing.
    const given = options as RedisStoreOptions | null | undefined;
    if (typeof given !== "object" || given === null) {
      throw new StoreConfigError(`The Redis store needs a URL like ${URL_SHAPE}`);
    }
    const safeUrl = describeRedisUrl(options.url);
    const url = options.url.trim();
    if (options.prefix !== undefined && typeof options.prefix !== "string") {
      throw new StoreConfigError("The Redis store's prefix must be text");
    }
    this.prefix = options.prefix ?? "nrs:";
    this.description = `${safeUrl} (prefix "${this.prefix}")`;
    this.commandTimeoutMs = positive("commandTimeoutMs", options.commandTimeoutMs, 1_000);
    const connectTimeout = positive("connectTimeoutMs", options.connectTimeoutMs, 2_000);
    this.channel = `${this.prefix}ended`;

    const modules = loadModules(loader);
    this.rateLimitModule = modules.rateLimit;
    try {
      this.client = modules.redis.createClient({
        url,
        // Fail at once while disconnected instead of queueing requests behind an outage.
        disableOfflineQueue: true,
        socket: {
          connectTimeout,
          // Forever, never more than ~2 s apart: the store comes back by itself when Redis does.
          reconnectStrategy: (retries) => Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** Math.min(retries, 5)),
        },
      });
      this.subscriber = this.client.duplicate();
    } catch (error) {
      throw new StoreConfigError(`The Redis store URL was refused (${URL_SHAPE})`, { cause: error });
    }

    // An unhandled "error" event would end the Node-RED process; errors show as unavailability instead.
    this.client.on("error", () => this.checkAvailability());
    for (const event of ["ready", "end", "reconnecting"] as const)
      this.client.on(event, () => {
        // A new connection starts afresh: whatever hung went with the old one.
        if (event === "ready") this.stalled = false;
        this.checkAvailability();
      });
    this.subscriber.on("error", () => undefined);
    this.subscriber.on("ready", () => void this.subscribe());
    this.client.connect().catch(() => undefined);
    this.subscriber.connect().catch(() => undefined);
    // A gate whose requests need no command (Basic answered from the verification cache) must still
    // learn that the server hangs: a quiet store is asked once per command timeout.
    this.heartbeat = setInterval(() => this.probe(), this.commandTimeoutMs);
    this.heartbeat.unref();
  }

  available(): boolean {
    return !this.closed && this.client.isReady && !this.stalled;
  }

  /** Sends a PING when nothing answered lately, or while stalled; an answer ends the stall. */
  private probe(): void {
    if (this.closed || this.probing || !this.client.isReady) return;
    if (!this.stalled && Date.now() - this.lastAnswer < this.commandTimeoutMs) return;
    let sent: Promise<unknown>;
    try {
      sent = this.client.sendCommand(["PING"]);
    } catch {
      return;
    }
    this.probing = true;
    const timer = setTimeout(() => this.setStalled(true), this.commandTimeoutMs);
    timer.unref();
    // While the server hangs this stays unanswered, and no second PING is sent; its late answer, or a
    // new connection, ends the stall.
    void sent
      .then(
        () => this.answered(),
        () => undefined,
      )
      .finally(() => {
        clearTimeout(timer);
        this.probing = false;
      });
  }

  private answered(): void {
    this.lastAnswer = Date.now();
    this.setStalled(false);
  }

  private setStalled(stalled: boolean): void {
    if (this.stalled === stalled) return;
    this.stalled = stalled;
    this.checkAvailability();
  }

  /** Resolves once connected and listening for notifications; for start-up checks and tests. */
  async whenReady(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.available() && this.subscribed)) {
      if (this.closed || Date.now() > deadline) throw this.unavailable(`not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  onAvailability(listener: (available: boolean) => void): () => void {
    this.availabilityListeners.add(listener);
    return () => this.availabilityListeners.delete(listener);
  }

  private checkAvailability(): void {
    const now = this.available();
    if (now === this.lastAvailable || this.closed) return;
    this.lastAvailable = now;
    for (const listener of [...this.availabilityListeners]) {
      try {
        listener(now);
      } catch {
        // One listener's failure must not keep the others from hearing of it.
      }
    }
  }

  private unavailable(reason: string, cause?: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`Redis store ${this.description} unavailable: ${reason}`, { cause });
  }

  /** One command, failing fast when disconnected and after the timeout. */
  private send(args: string[]): Promise<unknown> {
    if (!this.available()) {
      return Promise.reject(this.unavailable(this.stalled ? "it stopped answering" : "not connected"));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Every other request is refused at once from now on, until the server answers again.
        this.setStalled(true);
        reject(this.unavailable(`no answer within ${this.commandTimeoutMs} ms`));
      }, this.commandTimeoutMs);
      timer.unref();
      const settle = (): void => clearTimeout(timer);
      let sent: Promise<unknown>;
      try {
        sent = this.client.sendCommand(args);
      } catch (error) {
        settle();
        reject(this.unavailable("the command was refused", error));
        return;
      }
      sent.then(
        (reply) => {
          settle();
          // Also a late answer to a command that timed out: the server is back.
          this.answered();
          resolve(reply);
        },
        (error: unknown) => {
          settle();
          // NOSCRIPT passes so that callers can send the script itself.
          if (isNoScript(error)) {
            this.answered();
            reject(error);
          } else reject(this.unavailable("the command failed", error));
        },
      );
    });
  }

  private async evalScript(script: Script, keys: string[], args: string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.send(["EVALSHA", script.sha, ...tail]);
    } catch (error) {
      // A restarted Redis has forgotten its scripts.
      if (!isNoScript(error)) throw error;
      return this.send(["EVAL", script.source, ...tail]);
    }
  }

  /** Runs an operation; whatever goes wrong, the caller sees a StoreUnavailableError. */
  private async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw this.unavailable(`${what} failed`, error);
    }
  }

  private key(kind: string, namespace: string, key = ""): string {
    // The namespace is encoded so that it holds no ":" and one namespace's pattern never matches another's.
    return `${this.prefix}${kind}:${encodeURIComponent(namespace)}:${key}`;
  }

  private bucket<B>(kind: string, namespace: string, make: () => B): B {
    const id = `${kind}\u0000${namespace}`;
    let found = this.buckets.get(id) as B | undefined;
    if (found === undefined) {
      found = make();
      this.buckets.set(id, found);
    }
    return found;
  }

  private plainBucket<T>(kind: string, namespace: string): Bucket<T> {
    const key = (k: string): string => this.key(kind, namespace, k);
    return {
      get: (k) => this.run("get", async () => parseJson(await this.send(["GET", key(k)])) as T | undefined),
      set: (k, value, ttlMs) =>
        this.run("set", async () => {
          await this.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs)]);
        }),
      delete: (k) => this.run("delete", async () => (await this.send(["DEL", key(k)])) === 1),
      update: (k, value, ttlMs) =>
        this.run("update", async () => {
          const reply = await this.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs), "XX"]);
          return reply !== null;
        }),
      take: (k) => this.run("take", async () => parseJson(await this.send(["GETDEL", key(k)])) as T | undefined),
      add: (k, value, ttlMs) =>
        this.run("add", async () => {
          const reply = await this.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs), "NX"]);
          return reply !== null;
        }),
    };
  }

  // As properties of SharedStore's types, so that they take its maxEntries too: it bounds a memory store,
  // while Redis keys expire by themselves.
  readonly sessions: SharedStore["sessions"] = (namespace) =>
    this.bucket("sessions", namespace, () => {
      const plain = this.plainBucket<StoredSession>("sessions", namespace);
      const index = (username: string): string => this.key("session-users", namespace, username);
      const store = (k: string, value: StoredSession, ttlMs: number, mode: "nx" | "xx" | ""): Promise<boolean> =>
        this.run("set", async () => {
          const keys = [this.key("sessions", namespace, k), index(value.username)];
          return (await this.evalScript(SET_SESSION, keys, [JSON.stringify(value), px(ttlMs), k, mode])) === 1;
        });
      const bucket: SessionBucket = {
        ...plain,
        set: async (k, value, ttlMs) => {
          await store(k, value, ttlMs, "");
        },
        add: (k, value, ttlMs) => store(k, value, ttlMs, "nx"),
        update: (k, value, ttlMs) => store(k, value, ttlMs, "xx"),
        deleteUser: (username) =>
          this.run("deleteUser", async () =>
            stringList(
              await this.evalScript(DELETE_USER, [index(username)], [this.key("sessions", namespace), username]),
            ),
          ),
        clear: () =>
          this.run("clear", async () => {
            const sessionPrefix = this.key("sessions", namespace);
            const removed = await this.deleteMatching(sessionPrefix);
            await this.deleteMatching(this.key("session-users", namespace));
            return removed.map((k) => k.slice(sessionPrefix.length));
          }),
        endLegacy: () =>
          this.run("endLegacy", async () => {
            const sessionPrefix = this.key("sessions", namespace);
            const indexPrefix = this.key("session-users", namespace);
            let removed = 0;
            await this.scanMatching(sessionPrefix, async (keys) => {
              const reply = await this.evalScript(END_LEGACY, keys, [sessionPrefix, indexPrefix]);
              if (typeof reply !== "number") throw new TypeError("unexpected reply to the legacy session script");
              removed += reply;
            });
            return removed;
          }),
      };
      return bucket;
    });

  /** Deletes every key starting with `keyPrefix`, a bounded SCAN batch at a time; returns the deleted keys. */
  private async deleteMatching(keyPrefix: string): Promise<string[]> {
    const removed: string[] = [];
    await this.scanMatching(keyPrefix, async (keys) => {
      removed.push(...stringList(await this.evalScript(DELETE_KEYS, keys, [])));
    });
    return removed;
  }

  /** Hands every key starting with `keyPrefix` to `batch`, a bounded SCAN batch at a time. */
  private async scanMatching(keyPrefix: string, batch: (keys: string[]) => Promise<void>): Promise<void> {
    let cursor = "0";
    do {
      const reply = await this.send([
        "SCAN",
        cursor,
        "MATCH",
        `${globEscape(keyPrefix)}*`,
        "COUNT",
        String(SCAN_COUNT),
      ]);
      if (!Array.isArray(reply) || typeof reply[0] !== "string") throw new TypeError("unexpected reply to SCAN");
      cursor = reply[0];
      const keys = stringList(reply[1]);
      if (keys.length > 0) await batch(keys);
    } while (cursor !== "0");
  }

  readonly failures: SharedStore["failures"] = (namespace) =>
    this.bucket("failures", namespace, () => {
      const key = (k: string): string => this.key("failures", namespace, k);
      const bucket: FailureBucket = {
        get: (k) => this.run("get", async () => parseJson(await this.send(["GET", key(k)])) as Failures | undefined),
        add: (k, policy: LockoutPolicy, now) =>
          this.run("add", async () => {
            const args = [policy.freeFailures, policy.baseDelayMs, policy.maxDelayMs, policy.forgetAfterMs, now];
            return toFailures(await this.evalScript(ADD_FAILURE, [key(k)], args.map(String)));
          }),
        delete: (k) =>
          this.run("delete", async () => {
            await this.send(["DEL", key(k)]);
          }),
      };
      return bucket;
    });

  readonly steps: SharedStore["steps"] = (namespace) =>
    this.bucket("steps", namespace, () => ({
      advance: (k: string, step: number, ttlMs: number) =>
        this.run("advance", async () => {
          const keys = [this.key("steps", namespace, k)];
          return (await this.evalScript(ADVANCE_STEP, keys, [JSON.stringify(step), px(ttlMs)])) === 1;
        }),
    }));

  readonly values: SharedStore["values"] = <T>(namespace: string) =>
    this.bucket("values", namespace, () => this.plainBucket<T>("values", namespace));

  publishEnded(namespace: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    if (this.available()) {
      const message = JSON.stringify({ origin: this.origin, namespace, ids });
      // Other instances miss this one notification when it fails; their sessions are gone from the store anyway.
      this.send(["PUBLISH", this.channel, message]).catch(() => undefined);
    }
    // This instance's listeners hear it here, once; its own subscription skips its own messages.
    for (const listener of [...this.endedListeners]) listener(namespace, ids);
  }

  onEnded(listener: (namespace: string, ids: readonly string[]) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private async subscribe(): Promise<void> {
    // node-redis subscribes again by itself after a reconnect; this is only the first time.
    if (this.subscribed || this.subscribing || this.closed) return;
    this.subscribing = true;
    try {
      await this.subscriber.subscribe(this.channel, this.onMessage);
      this.subscribed = true;
    } catch {
      // The next "ready" tries again.
    } finally {
      this.subscribing = false;
    }
  }

  // One function for every try: node-redis keeps listeners in a set, so a retried subscription adds none.
  private readonly onMessage = (message: string): void => {
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
  };

  rateLimitStore(prefix: string): RateLimitStore {
    return new SharedRateLimitStore(
      this.rateLimitModule,
      `${this.prefix}rate:${prefix}`,
      async (...args) => (await this.send(args)) as RateLimitReply,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.availabilityListeners.clear();
    this.endedListeners.clear();
    await Promise.all([this.closeClient(this.client), this.closeClient(this.subscriber)]);
  }

  /** Quits politely when connected (bounded by the command timeout), else drops the connection. */
  private async closeClient(client: RedisClientLike): Promise<void> {
    if (!client.isOpen) return;
    if (client.isReady) {
      let timer: NodeJS.Timeout | undefined;
      const quit = client.close ? client.close() : client.quit();
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.commandTimeoutMs);
      });
      await Promise.race([quit.catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    if (!isOpen(client)) return;
    try {
      if (client.destroy) client.destroy();
      else await client.disconnect();
    } catch {
      // Already closed.
    }
  }
}

/**
 * express-rate-limit's counters in Redis through rate-limit-redis. rate-limit-redis loads its scripts
 * once, at init: when Redis is down then, it would fail for good, so the loading is tried again on use.
 */
class SharedRateLimitStore implements RateLimitStore {
  readonly localKeys = false;
  private readonly inner: RateLimitRedisStore;
  private options: RateLimitOptions | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    module: RateLimitRedisModule,
    readonly prefix: string,
    sendCommand: (...args: string[]) => Promise<RateLimitReply>,
  ) {
    this.inner = new module.RedisStore({ prefix, sendCommand });
  }

  init(options: RateLimitOptions): void {
    this.options = options;
    this.loaded().catch(() => undefined);
  }

  private loaded(): Promise<void> {
    const options = this.options;
    if (!options) return Promise.reject(new StoreUnavailableError("rate limit store used before init"));
    this.loading ??= this.inner.init(options).catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    await this.loaded();
    return this.inner.get(key);
  }

  async increment(key: string): Promise<IncrementResponse> {
    await this.loaded();
    return this.inner.increment(key);
  }

  async decrement(key: string): Promise<void> {
    await this.loaded();
    await this.inner.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.loaded();
    await this.inner.resetKey(key);
  }
}
