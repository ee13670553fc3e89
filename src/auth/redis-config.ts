// The Redis store's settings and its optional packages: checks the options once (a clear
// StoreConfigError naming what is wrong, never repeating a password) and loads "redis" only when a
// Redis store is made.

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
export type ModuleLoader = (id: "redis") => unknown;

const INSTALL_HINT =
  'The Redis store needs the "redis" package: run `npm install redis` in your Node-RED user directory ' +
  "(~/.node-red) and restart Node-RED";

// Only what is used of node-redis (v4.6 and v5 both have it), so the types need no "redis" package.
export interface RedisClientLike {
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

export interface RedisModule {
  createClient(options: RedisClientConfig): RedisClientLike;
}

/** The options, checked, with their defaults. */
export interface RedisSettings {
  /** The URL as given, trimmed: it may hold a password. */
  readonly url: string;
  readonly prefix: string;
  /** For status, logs and errors: no password. */
  readonly description: string;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

export const requireModule: ModuleLoader = (id) => require(id) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports

function load(loader: ModuleLoader, id: "redis"): unknown {
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

export function loadModules(loader: ModuleLoader): { redis: RedisModule } {
  const redis = load(loader, "redis") as Partial<RedisModule> | null;
  if (typeof redis?.createClient !== "function") {
    throw new StoreConfigError(`The installed "redis" package has no createClient (version 4.6 or later is needed)`);
  }
  return { redis: redis as RedisModule };
}

export const URL_SHAPE = "redis://[user:password@]host:port[/db] or rediss://…";

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

/** Checks the options, which come from users' JavaScript: the types promise nothing. */
export function readRedisOptions(options: RedisStoreOptions): RedisSettings {
  const given = options as RedisStoreOptions | null | undefined;
  if (typeof given !== "object" || given === null) {
    throw new StoreConfigError(`The Redis store needs a URL like ${URL_SHAPE}`);
  }
  const safeUrl = describeRedisUrl(options.url);
  if (options.prefix !== undefined && typeof options.prefix !== "string") {
    throw new StoreConfigError("The Redis store's prefix must be text");
  }
  const prefix = options.prefix ?? "nrs:";
  return {
    url: options.url.trim(),
    prefix,
    description: `${safeUrl} (prefix "${prefix}")`,
    commandTimeoutMs: positive("commandTimeoutMs", options.commandTimeoutMs, 1_000),
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs, 2_000),
  };
}
