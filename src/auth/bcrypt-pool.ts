// bcrypt in worker threads: a password check never blocks Node-RED's event loop, and a queue with a
// cap decides how many run at once and how many may wait (the rest are refused at once).
import { availableParallelism, cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { QueueFullError, WorkQueue } from "./work-queue";

// Workers are started from source text, with bcryptjs resolved here: this works the same from the
// built package, from TypeScript sources under test, and wherever Node-RED's working directory is.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptjs);
parentPort.on("message", (job) => {
  try {
    const result = job.op === "compare"
      ? bcrypt.compareSync(job.password, job.hash)
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

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptjs: require.resolve("bcryptjs") } });
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
  /** Checks allowed to wait for a worker before new ones are refused. */
  readonly maxWaiting?: number;
}

export class BcryptPool {
  private readonly workers: BcryptWorker[];
  private readonly queue: WorkQueue;
  private nextId = 1;

  constructor({ workers, maxWaiting = 64 }: BcryptPoolOptions = {}) {
    const cores = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
    const count = workers ?? Math.max(1, cores - 1);
    this.workers = Array.from({ length: count }, () => new BcryptWorker());
    this.queue = new WorkQueue(count, maxWaiting);
  }

  /** Busy workers plus waiting checks. */
  get pending(): number {
    return this.queue.pending;
  }

  /** Compares a password with a bcrypt hash. Rejects with QueueFullError when too much is waiting. */
  compare(password: string, hash: string): Promise<boolean> {
    return this.queue.run(
      async () => (await this.dispatch({ id: this.nextId++, op: "compare", password, hash })) === true,
    );
  }

  async hash(password: string, cost: number): Promise<string> {
    return this.queue.run(async () => String(await this.dispatch({ id: this.nextId++, op: "hash", password, cost })));
  }

  private dispatch(job: Job): Promise<unknown> {
    // The queue admits at most as many jobs as there are workers, so an idle one always exists.
    const worker = this.workers.find((w) => !w.busy);
    if (!worker) throw new Error("no idle bcrypt worker");
    return worker.run(job);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

export { QueueFullError };

let shared: BcryptPool | undefined;

/** One pool for the whole process: every gate and users list shares the CPU it may use for bcrypt. */
export function sharedBcryptPool(): BcryptPool {
  shared ??= new BcryptPool();
  return shared;
}
