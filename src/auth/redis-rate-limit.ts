// The rate limiter's counters in Redis, as a CounterStore: one counter per key and fixed window, shared
// by every instance. The first hit of a window gives the counter the window's lifetime; Lua keeps each
// step atomic across instances.
import type { RedisConnection } from "./redis-connection";
import { Script, px } from "./redis-scripts";
import type { CounterHits, CounterStore } from "./store";

// KEYS: counter. ARGV: window px. Returns { hits, ms left }.
const HIT = new Script(`
local hits = redis.call("INCR", KEYS[1])
local left = redis.call("PTTL", KEYS[1])
if left < 0 then
  redis.call("PEXPIRE", KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { hits, left }
`);

// KEYS: counter. Returns { hits, ms left }, or an empty list when there is no counter.
const READ = new Script(`
local hits = redis.call("GET", KEYS[1])
if not hits then return {} end
return { tonumber(hits), redis.call("PTTL", KEYS[1]) }
`);

// Takes one hit back, never below zero and never making a counter that is not there. KEYS: counter.
const UNHIT = new Script(`
local hits = tonumber(redis.call("GET", KEYS[1]) or "0")
if hits > 0 then redis.call("DECR", KEYS[1]) end
return 0
`);

/** { hits, ms left } from Redis; a counter without a lifetime gets none. */
function toHits(reply: unknown, now: number): CounterHits | undefined {
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  const [hits, left] = reply.map(Number);
  if (hits === undefined || !Number.isFinite(hits)) return undefined;
  return {
    totalHits: hits,
    resetTime: left !== undefined && Number.isFinite(left) && left > 0 ? new Date(now + left) : undefined,
  };
}

export class RedisCounterStore implements CounterStore {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly redis: RedisConnection,
    readonly prefix: string,
  ) {}

  init(options: { readonly windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}${key}`;
  }

  get(key: string): Promise<CounterHits | undefined> {
    return this.redis.run("get", async () =>
      toHits(await this.redis.evalScript(READ, [this.key(key)], []), Date.now()),
    );
  }

  increment(key: string): Promise<CounterHits> {
    return this.redis.run("increment", async () => {
      const reply = await this.redis.evalScript(HIT, [this.key(key)], [px(this.windowMs)]);
      const hits = toHits(reply, Date.now());
      if (!hits) throw new Error("Redis gave no count");
      return hits;
    });
  }

  decrement(key: string): Promise<void> {
    return this.redis.run("decrement", async () => {
      await this.redis.evalScript(UNHIT, [this.key(key)], []);
    });
  }

  resetKey(key: string): Promise<void> {
    return this.redis.run("resetKey", async () => {
      await this.redis.send(["DEL", this.key(key)]);
    });
  }
}
