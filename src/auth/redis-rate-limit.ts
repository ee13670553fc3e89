// The rate limiter's counters in Redis through rate-limit-redis, as a CounterStore.
import { type CounterHits, type CounterStore, StoreUnavailableError } from "./store";

export type RateLimitReply = boolean | number | string | (boolean | number | string)[];

type LimiterOptions = Parameters<NonNullable<CounterStore["init"]>>[0];

// Only what is used of rate-limit-redis, so the types need no "rate-limit-redis" package.
interface RateLimitRedisStore {
  init(options: LimiterOptions): Promise<void>;
  get(key: string): Promise<CounterHits | undefined>;
  increment(key: string): Promise<CounterHits>;
  decrement(key: string): Promise<void>;
  resetKey(key: string): Promise<void>;
}

export interface RateLimitRedisModule {
  RedisStore: new (options: {
    prefix: string;
    sendCommand: (...args: string[]) => Promise<RateLimitReply>;
  }) => RateLimitRedisStore;
}

/**
 * rate-limit-redis loads its scripts once, at init: when Redis is down then, it would fail for good, so
 * the loading is tried again on use.
 */
export class SharedRateLimitStore implements CounterStore {
  readonly localKeys = false;
  private readonly inner: RateLimitRedisStore;
  private options: LimiterOptions | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    module: RateLimitRedisModule,
    readonly prefix: string,
    sendCommand: (...args: string[]) => Promise<RateLimitReply>,
  ) {
    this.inner = new module.RedisStore({ prefix, sendCommand });
  }

  init(options: LimiterOptions): void {
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

  async get(key: string): Promise<CounterHits | undefined> {
    await this.loaded();
    return this.inner.get(key);
  }

  async increment(key: string): Promise<CounterHits> {
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
