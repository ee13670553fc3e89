// bcrypt in worker threads: a password check never blocks Node-RED's event loop. The pool uses the
// machine's cores (leaving one for Node-RED), takes turns fairly between clients, and refuses only what
// could not finish within a wait budget, measured from how fast its checks really run.
import { availableParallelism, cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { ClientGoneError, QueueFullError, WorkQueue } from "./work-queue";

/**
 * The native bcrypt Node-RED itself prefers when it is installed (same $2a/$2b hashes, checked in native
 * code); undefined when it cannot be loaded, and bcryptjs does the work.
 */
function nativeBcryptPath(): string | undefined {
  if (process.env.NRS_BCRYPT === "js") return undefined;
  try {
    const path = require.resolve("@node-rs/bcrypt");
    // Loading it proves the prebuilt binary fits this machine. It is optional: never a dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path) as { verifySync(p: string, h: string): boolean }).verifySync("x", NATIVE_PROBE);
    return path;
  } catch {
    return undefined;
  }
}
/** A cost-4 hash of "x": loading and running the native module once costs nothing. */
const NATIVE_PROBE = "$2b$04$l.AAHxXHAoR4jTuEIHjDAeEntybF62cT6yKEdPqKP7d5ZDuep3wmK";

// Workers are started from source text, with bcryptjs resolved here: this works the same from the
// built package, from TypeScript sources under test, and wherever Node-RED's working directory is.
// Checks use the native module when there is one; new hashes always come from bcryptjs ($2b$).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptjs);
let compareSync = bcrypt.compareSync;
if (workerData.native) {
  try {
    const native = require(workerData.native);
    compareSync = (password, hash) => {
      try { return native.verifySync(password, hash); } catch { return false; }
    };
  } catch {}
}
parentPort.on("message", (job) => {
  try {
    const result = job.op === "compare"
      ? compareSync(job.password, job.hash)
      : bcrypt.hashSync(job.password, job.cost);
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

type Job =
  | { id: number; op: "compare"; password: string; hash: string }
  | { id: number; op: "hash"; password: string; cost: number };

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

class BcryptWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly native: string | undefined) {}

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptjs: require.resolve("bcryptjs"), native: this.native },
    });
    worker.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result);
    });
    const fail = (err: Error): void => {
      for (const job of this.pending.values()) job.reject(err);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.pending.size > 0) fail(new Error(`bcrypt worker stopped (exit ${String(code)})`));
      this.worker = undefined;
    });
    // An idle worker must not keep the process (a test run, a script) from exiting; a busy one must.
    // Adding a message listener refs the worker again, so this comes last.
    worker.unref();
    return worker;
  }

  run(job: Job): Promise<unknown> {
    this.worker ??= this.start();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(job.id, { resolve, reject });
      worker.postMessage(job);
    });
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

export interface BcryptPoolOptions {
  /** Worker threads; default: one less than the CPU count, at least one. */
  readonly workers?: number;
  /** A check that could not finish within this long (waiting plus running) is refused at once. */
  readonly waitBudgetMs?: number;
  /** false: use bcryptjs even when the native module is there (tests of the fallback). */
  readonly nativeModule?: boolean;
}

export interface JobContext {
  /** Round-robin unit and one-at-a-time key: the client's address. */
  readonly client?: string;
  /** Also one at a time: the user name. */
  readonly username?: string;
  /** Aborted when the client has gone away: a check still waiting is dropped. */
  readonly signal?: AbortSignal;
}

export interface BcryptStats {
  /** bcrypt checks run (compare jobs that reached a worker). */
  readonly compares: number;
  readonly hashes: number;
  /** Milliseconds workers spent on bcrypt. */
  readonly busyMs: number;
  /** Checks refused because they could not finish within the budget. */
  readonly refused: number;
  /** Checks dropped because their client had gone away. */
  readonly dropped: number;
  readonly workers: number;
  readonly implementation: "native" | "bcryptjs";
  /** Expected milliseconds of one check at cost 12, as measured. */
  readonly cost12Ms: number;
}

/**
 * Default wait budget: a storm of a hundred cost-12 devices on one busy worker still fits. A client that
 * gives up sooner costs nothing: its check is dropped when it hangs up.
 */
export const DEFAULT_WAIT_BUDGET_MS = 60_000;
/** First guess of one cost-12 check before anything was measured (bcryptjs on a modest core). */
const INITIAL_COST12_MS = 250;

/** The cost of a bcrypt hash ($2b$12$… → 12), or 12 when it cannot be read. */
export function hashCost(hash: string): number {
  const m = /^\$2[abxy]?\$(\d\d)\$/.exec(hash);
  return m ? Number(m[1]) : 12;
}

export class BcryptPool {
  private readonly workers: BcryptWorker[];
  private readonly queue: WorkQueue;
  private nextId = 1;
  /** Measured milliseconds of one cost-12 check (bcrypt doubles per cost step). */
  private cost12Ms = INITIAL_COST12_MS;
  private readonly counts = { compares: 0, hashes: 0, busyMs: 0, refused: 0, dropped: 0 };
  readonly implementation: "native" | "bcryptjs";

  constructor({ workers, waitBudgetMs = DEFAULT_WAIT_BUDGET_MS, nativeModule = true }: BcryptPoolOptions = {}) {
    const cores = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
    // One core stays with Node-RED's event loop.
    const count = workers ?? Math.max(1, cores - 1);
    const native = nativeModule ? nativeBcryptPath() : undefined;
    this.implementation = native ? "native" : "bcryptjs";
    this.workers = Array.from({ length: count }, () => new BcryptWorker(native));
    this.queue = new WorkQueue({ concurrency: count, budgetMs: waitBudgetMs });
  }

  /** Busy workers plus waiting checks. */
  get pending(): number {
    return this.queue.pending;
  }

  get stats(): BcryptStats {
    return {
      ...this.counts,
      workers: this.workers.length,
      implementation: this.implementation,
      cost12Ms: Math.round(this.cost12Ms),
    };
  }

  /** Expected milliseconds of one check at `cost`. */
  estimateMs(cost: number): number {
    return this.cost12Ms * 2 ** (cost - 12);
  }

  /**
   * Compares a password with a bcrypt hash. Rejects with QueueFullError (saying when to retry) when it
   * could not finish within the budget, and with ClientGoneError when the client went away first.
   * `before` runs when the check's turn comes, just before bcrypt: a value other than undefined skips
   * bcrypt and is returned instead (e.g. a lock that came while the check waited).
   */
  compare<T = never>(
    password: string,
    hash: string,
    context: JobContext = {},
    before?: () => Promise<T | undefined>,
  ): Promise<boolean | T> {
    const cost = hashCost(hash);
    return this.schedule<boolean | T>(
      async () => {
        const skip = before ? await before() : undefined;
        if (skip !== undefined) return skip;
        return (await this.dispatch({ id: this.nextId++, op: "compare", password, hash }, cost)) === true;
      },
      cost,
      context,
    );
  }

  hash(password: string, cost: number, context: JobContext = {}): Promise<string> {
    return this.schedule(
      async () => String(await this.dispatch({ id: this.nextId++, op: "hash", password, cost }, cost)),
      cost,
      context,
    );
  }

  private schedule<T>(task: () => Promise<T>, cost: number, context: JobContext): Promise<T> {
    return this.queue
      .run(task, {
        ...(context.client === undefined ? {} : { lane: `client:${context.client}` }),
        ...(context.username === undefined ? {} : { keys: [`user:${context.username}`] }),
        estimateMs: this.estimateMs(cost),
        ...(context.signal ? { signal: context.signal } : {}),
      })
      .catch((err: unknown) => {
        if (err instanceof QueueFullError) this.counts.refused += 1;
        if (err instanceof ClientGoneError) this.counts.dropped += 1;
        throw err;
      });
  }

  private async dispatch(job: Job, cost: number): Promise<unknown> {
    // The queue runs at most as many jobs as there are workers, so an idle one always exists.
    const worker = this.workers.find((w) => !w.busy);
    if (!worker) throw new Error("no idle bcrypt worker");
    const started = performance.now();
    try {
      return await worker.run(job);
    } finally {
      const took = performance.now() - started;
      this.counts.busyMs += took;
      if (job.op === "compare") this.counts.compares += 1;
      else this.counts.hashes += 1;
      // A moving average scaled to cost 12: the wait budget follows what this machine really does.
      this.cost12Ms = this.cost12Ms * 0.8 + took * 2 ** (12 - cost) * 0.2;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

export { ClientGoneError, QueueFullError };

let shared: BcryptPool | undefined;

/** One pool for the whole process: every gate and users list shares the CPU it may use for bcrypt. */
export function sharedBcryptPool(): BcryptPool {
  shared ??= new BcryptPool();
  return shared;
}
