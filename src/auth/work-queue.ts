// Runs expensive work (bcrypt) a few at a time, and refuses new work when too much is waiting,
// so a flood of requests cannot keep the CPU busy for everyone else.

export class QueueFullError extends Error {
  readonly code = "ERR_NRS_QUEUE_FULL";
  constructor() {
    super("Too many requests are waiting for password hashing; try again in a moment");
  }
}

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError("concurrency must be a positive integer");
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError("maxWaiting must be 0 or more");
  }

  get pending(): number {
    return this.running + this.waiting.length;
  }

  /** Runs `task` when a slot is free; rejects at once with QueueFullError when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
