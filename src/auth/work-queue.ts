// Runs expensive work (bcrypt) a few at a time, fairly: every client address (a "lane") takes its turn
// in round-robin order, one key (an address, a user name) has at most one job running, and the queue
// takes only what can finish within a wait budget. A flood from one place waits behind everyone else's
// next job instead of pushing them out; work for a client that has gone away is dropped unrun.

export class QueueFullError extends Error {
  readonly code = "ERR_NRS_QUEUE_FULL";
  /** Seconds after which the queue should have room for this job. */
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds = 1) {
    super("Too many requests are waiting for password hashing; try again in a moment");
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** The client went away before its job ran: the job was dropped. */
export class ClientGoneError extends Error {
  readonly code = "ERR_NRS_CLIENT_GONE";
  constructor() {
    super("The client went away before its password was checked");
  }
}

export interface JobOptions {
  /** Round-robin unit: the client's address. Jobs of one lane run one at a time, in order. */
  readonly lane?: string;
  /** Further keys that may have only one job running at once (e.g. the user name). */
  readonly keys?: readonly string[];
  /** Expected run time, for the wait budget. */
  readonly estimateMs?: number;
  /** Aborted when the client has gone away: a job still waiting is dropped. */
  readonly signal?: AbortSignal;
}

export interface WorkQueueOptions {
  /** Jobs running at once. */
  readonly concurrency: number;
  /** A job whose expected wait plus run time exceeds this is refused at once. */
  readonly budgetMs: number;
  /** A hard cap on waiting jobs, besides the budget (default: none). */
  readonly maxWaiting?: number;
}

interface Job {
  readonly lane: string;
  readonly keys: readonly string[];
  readonly estimateMs: number;
  start(): void;
}

let anonymous = 0;

export class WorkQueue {
  private readonly concurrency: number;
  private readonly budgetMs: number;
  private readonly maxWaiting: number;
  private running = 0;
  /** Expected run time of the running jobs. */
  private runningMs = 0;
  /** Lanes with waiting jobs, in turn order (a Map keeps insertion order). */
  private readonly lanes = new Map<string, Job[]>();
  /**
   * Lanes with a job running, and what they queued meanwhile: a lane takes its next turn only after its
   * job ends, behind every lane that arrived while it ran.
   */
  private readonly parked = new Map<string, Job[]>();
  private readonly busyKeys = new Map<string, number>();
  private waitingCount = 0;

  constructor({ concurrency, budgetMs, maxWaiting = Number.POSITIVE_INFINITY }: WorkQueueOptions) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError("concurrency must be a positive integer");
    if (!(budgetMs >= 0)) throw new RangeError("budgetMs must be 0 or more");
    this.concurrency = concurrency;
    this.budgetMs = budgetMs;
    if (!(maxWaiting >= 0)) throw new RangeError("maxWaiting must be 0 or more");
    this.maxWaiting = maxWaiting;
  }

  /** Running plus waiting jobs. */
  get pending(): number {
    return this.running + this.waitingCount;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /**
   * How long a new job of `lane` would wait under round-robin: the running jobs, this lane's queued
   * jobs, and, from every other lane, as many jobs as will run before this one's turn.
   */
  expectedWaitMs(lane: string): number {
    const own = this.lanes.get(lane) ?? this.parked.get(lane) ?? [];
    const turns = own.length + 1;
    let total = this.running > 0 ? this.runningMs : 0;
    for (const queue of [this.lanes, this.parked]) {
      for (const [name, jobs] of queue) {
        const count = name === lane ? jobs.length : Math.min(jobs.length, turns);
        for (let i = 0; i < count; i += 1) total += jobs[i]?.estimateMs ?? 0;
      }
    }
    return total / this.concurrency;
  }

  /**
   * Runs `task` when its turn comes. Rejects at once with QueueFullError when it could not finish within
   * the budget, and with ClientGoneError when `signal` aborts before it starts.
   */
  run<T>(task: () => Promise<T>, options: JobOptions = {}): Promise<T> {
    const lane = options.lane ?? `#${String((anonymous += 1))}`;
    const keys = [`lane:${lane}`, ...(options.keys ?? []).map((k) => `key:${k}`)];
    const estimateMs = Math.max(0, options.estimateMs ?? 0);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new ClientGoneError());
    const idle = this.running < this.concurrency && this.waitingCount === 0 && keys.every((k) => !this.busyKeys.has(k));
    if (!idle) {
      const total = this.expectedWaitMs(lane) + estimateMs;
      if (this.waitingCount >= this.maxWaiting) return Promise.reject(new QueueFullError(total / 1000));
      if (total > this.budgetMs) return Promise.reject(new QueueFullError((total - this.budgetMs) / 1000));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const jobs = this.lanes.get(lane) ?? this.parked.get(lane);
        const at = jobs?.indexOf(job) ?? -1;
        if (!jobs || at < 0) return;
        jobs.splice(at, 1);
        if (jobs.length === 0) this.lanes.delete(lane);
        this.waitingCount -= 1;
        reject(new ClientGoneError());
        this.pump();
      };
      const job: Job = {
        lane,
        keys,
        estimateMs,
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.running += 1;
          this.runningMs += estimateMs;
          for (const k of keys) this.busyKeys.set(k, (this.busyKeys.get(k) ?? 0) + 1);
          let result: Promise<T>;
          try {
            result = task();
          } catch (err) {
            result = Promise.reject(err instanceof Error ? err : new Error(String(err)));
          }
          result.then(resolve, reject).finally(() => {
            // The lane's next turn comes after every lane that is waiting now.
            const rest = this.parked.get(lane);
            this.parked.delete(lane);
            if (rest && rest.length > 0) this.lanes.set(lane, rest);
            this.running -= 1;
            this.runningMs -= estimateMs;
            for (const k of keys) {
              const n = (this.busyKeys.get(k) ?? 1) - 1;
              if (n <= 0) this.busyKeys.delete(k);
              else this.busyKeys.set(k, n);
            }
            this.pump();
          });
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const jobs = this.lanes.get(lane) ?? this.parked.get(lane);
      if (jobs) jobs.push(job);
      else this.lanes.set(lane, [job]);
      this.waitingCount += 1;
      this.pump();
    });
  }

  /** Starts waiting jobs while there is room: the first lane in turn whose next job's keys are all free. */
  private pump(): void {
    while (this.running < this.concurrency && this.waitingCount > 0) {
      let picked: Job | undefined;
      for (const [name, jobs] of this.lanes) {
        const head = jobs[0];
        if (!head || head.keys.some((k) => this.busyKeys.has(k))) continue;
        jobs.shift();
        // The lane waits aside until this job ends, then goes to the back of the turn order.
        this.lanes.delete(name);
        this.parked.set(name, jobs);
        picked = head;
        break;
      }
      if (!picked) return;
      this.waitingCount -= 1;
      picked.start();
    }
  }
}
