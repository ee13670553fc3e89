// The Redis store's connections: one for commands, one for notifications. It never waits for Redis:
// commands fail fast while disconnected and give up after a short timeout, and every failure is a
// StoreUnavailableError. A server that keeps the connection open but stops answering (hung, paused)
// counts as unavailable from the first command that times out, or the first unanswered heartbeat when
// nothing else asks, until it answers.
import {
  type RedisClientLike,
  type RedisModule,
  type RedisSettings,
  StoreConfigError,
  URL_SHAPE,
} from "./redis-config";
import { isNoScript, type Script } from "./redis-scripts";
import { StoreUnavailableError } from "./store";

const MAX_RECONNECT_DELAY_MS = 2_000;

/** Read through a function: closing a client changes it, which the compiler cannot see. */
function isOpen(client: RedisClientLike): boolean {
  return client.isOpen;
}

export class RedisConnection {
  private readonly client: RedisClientLike;
  private readonly subscriber: RedisClientLike;
  private readonly availabilityListeners = new Set<(available: boolean) => void>();
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

  /** `onMessage` hears every message on `channel`. */
  constructor(
    redis: RedisModule,
    private readonly settings: RedisSettings,
    private readonly channel: string,
    private readonly onMessage: (message: string) => void,
  ) {
    try {
      this.client = redis.createClient({
        url: settings.url,
        // Fail at once while disconnected instead of queueing requests behind an outage.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: settings.connectTimeoutMs,
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
    this.heartbeat = setInterval(() => this.probe(), settings.commandTimeoutMs);
    this.heartbeat.unref();
  }

  available(): boolean {
    return !this.closed && this.client.isReady && !this.stalled;
  }

  /** Sends a PING when nothing answered lately, or while stalled; an answer ends the stall. */
  private probe(): void {
    if (this.closed || this.probing || !this.client.isReady) return;
    if (!this.stalled && Date.now() - this.lastAnswer < this.settings.commandTimeoutMs) return;
    let sent: Promise<unknown>;
    try {
      sent = this.client.sendCommand(["PING"]);
    } catch {
      return;
    }
    this.probing = true;
    const timer = setTimeout(() => this.setStalled(true), this.settings.commandTimeoutMs);
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

  /** Resolves once connected and listening for notifications. */
  async whenReady(timeoutMs: number): Promise<void> {
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

  unavailable(reason: string, cause?: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`Redis store ${this.settings.description} unavailable: ${reason}`, { cause });
  }

  /** One command, failing fast when disconnected and after the timeout. */
  send(args: string[]): Promise<unknown> {
    if (!this.available()) {
      return Promise.reject(this.unavailable(this.stalled ? "it stopped answering" : "not connected"));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Every other request is refused at once from now on, until the server answers again.
        this.setStalled(true);
        reject(this.unavailable(`no answer within ${this.settings.commandTimeoutMs} ms`));
      }, this.settings.commandTimeoutMs);
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

  async evalScript(script: Script, keys: string[], args: string[]): Promise<unknown> {
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
  async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw this.unavailable(`${what} failed`, error);
    }
  }

  private async subscribe(): Promise<void> {
    // node-redis subscribes again by itself after a reconnect; this is only the first time.
    if (this.subscribed || this.subscribing || this.closed) return;
    this.subscribing = true;
    try {
      await this.subscriber.subscribe(this.channel, this.heard);
      this.subscribed = true;
    } catch {
      // The next "ready" tries again.
    } finally {
      this.subscribing = false;
    }
  }

  // One function for every try: node-redis keeps listeners in a set, so a retried subscription adds none.
  private readonly heard = (message: string): void => this.onMessage(message);

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.availabilityListeners.clear();
    await Promise.all([this.closeClient(this.client), this.closeClient(this.subscriber)]);
  }

  /** Quits politely when connected (bounded by the command timeout), else drops the connection. */
  private async closeClient(client: RedisClientLike): Promise<void> {
    if (!client.isOpen) return;
    if (client.isReady) {
      let timer: NodeJS.Timeout | undefined;
      const quit = client.close ? client.close() : client.quit();
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.settings.commandTimeoutMs);
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
