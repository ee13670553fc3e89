// The Redis store's buckets: plain values, sessions (with a per-user index), lockout counters and TOTP
// steps, each in one namespace, on top of the store's connection.
import type { RedisConnection } from "./redis-connection";
import {
  ADD_FAILURE,
  ADVANCE_STEP,
  DELETE_KEYS,
  DELETE_USER,
  END_LEGACY,
  SET_SESSION,
  globEscape,
  parseJson,
  px,
  stringList,
  toFailures,
} from "./redis-scripts";
import type { Bucket, FailureBucket, Failures, LockoutPolicy, SessionBucket, StepBucket, StoredSession } from "./store";

const SCAN_COUNT = 500;

/** The key of `key` among a namespace's keys of one kind; without `key`, the prefix of them all. */
export type NamespaceKey = (kind: string, key?: string) => string;

export function plainBucket<T>(redis: RedisConnection, keyOf: NamespaceKey, kind: string): Bucket<T> {
  const key = (k: string): string => keyOf(kind, k);
  return {
    get: (k) => redis.run("get", async () => parseJson(await redis.send(["GET", key(k)])) as T | undefined),
    set: (k, value, ttlMs) =>
      redis.run("set", async () => {
        await redis.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs)]);
      }),
    delete: (k) => redis.run("delete", async () => (await redis.send(["DEL", key(k)])) === 1),
    update: (k, value, ttlMs) =>
      redis.run("update", async () => {
        const reply = await redis.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs), "XX"]);
        return reply !== null;
      }),
    take: (k) => redis.run("take", async () => parseJson(await redis.send(["GETDEL", key(k)])) as T | undefined),
    add: (k, value, ttlMs) =>
      redis.run("add", async () => {
        const reply = await redis.send(["SET", key(k), JSON.stringify(value), "PX", px(ttlMs), "NX"]);
        return reply !== null;
      }),
  };
}

export function sessionBucket(redis: RedisConnection, keyOf: NamespaceKey): SessionBucket {
  const plain = plainBucket<StoredSession>(redis, keyOf, "sessions");
  const index = (username: string): string => keyOf("session-users", username);
  const store = (k: string, value: StoredSession, ttlMs: number, mode: "nx" | "xx" | ""): Promise<boolean> =>
    redis.run("set", async () => {
      const keys = [keyOf("sessions", k), index(value.username)];
      return (await redis.evalScript(SET_SESSION, keys, [JSON.stringify(value), px(ttlMs), k, mode])) === 1;
    });
  return {
    ...plain,
    set: async (k, value, ttlMs) => {
      await store(k, value, ttlMs, "");
    },
    add: (k, value, ttlMs) => store(k, value, ttlMs, "nx"),
    update: (k, value, ttlMs) => store(k, value, ttlMs, "xx"),
    deleteUser: (username) =>
      redis.run("deleteUser", async () =>
        stringList(await redis.evalScript(DELETE_USER, [index(username)], [keyOf("sessions"), username])),
      ),
    clear: () =>
      redis.run("clear", async () => {
        const sessionPrefix = keyOf("sessions");
        const removed = await deleteMatching(redis, sessionPrefix);
        await deleteMatching(redis, keyOf("session-users"));
        return removed.map((k) => k.slice(sessionPrefix.length));
      }),
    endLegacy: () =>
      redis.run("endLegacy", async () => {
        const sessionPrefix = keyOf("sessions");
        const indexPrefix = keyOf("session-users");
        let removed = 0;
        await scanMatching(redis, sessionPrefix, async (keys) => {
          const reply = await redis.evalScript(END_LEGACY, keys, [sessionPrefix, indexPrefix]);
          if (typeof reply !== "number") throw new TypeError("unexpected reply to the legacy session script");
          removed += reply;
        });
        return removed;
      }),
  };
}

/** Deletes every key starting with `keyPrefix`, a bounded SCAN batch at a time; returns the deleted keys. */
async function deleteMatching(redis: RedisConnection, keyPrefix: string): Promise<string[]> {
  const removed: string[] = [];
  await scanMatching(redis, keyPrefix, async (keys) => {
    removed.push(...stringList(await redis.evalScript(DELETE_KEYS, keys, [])));
  });
  return removed;
}

/** Hands every key starting with `keyPrefix` to `batch`, a bounded SCAN batch at a time. */
async function scanMatching(
  redis: RedisConnection,
  keyPrefix: string,
  batch: (keys: string[]) => Promise<void>,
): Promise<void> {
  let cursor = "0";
  do {
    const reply = await redis.send(["SCAN", cursor, "MATCH", `${globEscape(keyPrefix)}*`, "COUNT", String(SCAN_COUNT)]);
    if (!Array.isArray(reply) || typeof reply[0] !== "string") throw new TypeError("unexpected reply to SCAN");
    cursor = reply[0];
    const keys = stringList(reply[1]);
    if (keys.length > 0) await batch(keys);
  } while (cursor !== "0");
}

export function failureBucket(redis: RedisConnection, keyOf: NamespaceKey): FailureBucket {
  const key = (k: string): string => keyOf("failures", k);
  return {
    get: (k) => redis.run("get", async () => parseJson(await redis.send(["GET", key(k)])) as Failures | undefined),
    add: (k, policy: LockoutPolicy, now) =>
      redis.run("add", async () => {
        const args = [policy.freeFailures, policy.baseDelayMs, policy.maxDelayMs, policy.forgetAfterMs, now];
        return toFailures(await redis.evalScript(ADD_FAILURE, [key(k)], args.map(String)));
      }),
    delete: (k) =>
      redis.run("delete", async () => {
        await redis.send(["DEL", key(k)]);
      }),
  };
}

export function stepBucket(redis: RedisConnection, keyOf: NamespaceKey): StepBucket {
  return {
    advance: (k: string, step: number, ttlMs: number) =>
      redis.run("advance", async () => {
        const keys = [keyOf("steps", k)];
        return (await redis.evalScript(ADVANCE_STEP, keys, [JSON.stringify(step), px(ttlMs)])) === 1;
      }),
  };
}
