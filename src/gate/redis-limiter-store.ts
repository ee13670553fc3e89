// The login limiter's counters in the shared Redis: rate-limit-redis (bundled, src/vendor) over the
// store's own connection, so every instance counts the same attempts.
import { type CounterHits, type CounterStore, type LimiterCommands, StoreUnavailableError } from "../auth/store";
import { RedisStore, type RedisReply } from "../vendor/rate-limit-redis";

type LimiterOptions = Parameters<NonNullable<CounterStore["init"]>>[0];

/**
 * rate-limit-redis loads its scripts once, at init: when Redis is down then, it would fail for good, so
 * the loading is tried again on use.
 */
export class RedisLimiterStore implements CounterStore {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly inner: RedisStore;
  private options: LimiterOptions | undefined;
  private loading: Promise<void> | undefined;

  constructor(commands: LimiterCommands, prefix: string) {
    this.prefix = `${commands.prefix}${prefix}`;
    this.inner = new RedisStore({
      prefix: this.prefix,
      sendCommand: async (...args: string[]) => (await commands.send(args)) as RedisReply,
    });
  }

  init(options: LimiterOptions): void {
    this.options = options;
    this.loaded().catch(() => undefined);
  }

  private loaded(): Promise<void> {
    const options = this.options;
    if (!options) return Promise.reject(new StoreUnavailableError("rate limit store used before init"));
    this.loading ??= Promise.resolve(this.inner.init(options as Parameters<RedisStore["init"]>[0])).catch(
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
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

/** The counters of a shared store under `prefix`; undefined for a memory store (the limiter's own memory). */
export function limiterStoreOf(commands: LimiterCommands | undefined, prefix: string): CounterStore | undefined {
  return commands ? new RedisLimiterStore(commands, prefix) : undefined;
}
