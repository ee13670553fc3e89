import assert from "node:assert/strict";
import { QueueFullError, WorkQueue } from "../../../src/auth/work-queue";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("WorkQueue", () => {
  it("runs at most `concurrency` tasks at once, in order", async () => {
    const q = new WorkQueue(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const all = gates.map((g, i) =>
      q.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await g.promise;
        running -= 1;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 2);
    gates.forEach((g) => g.resolve());
    assert.deepEqual(await Promise.all(all), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  it("refuses work at once when the waiting line is full, and recovers", async () => {
    const q = new WorkQueue(1, 1);
    const gate = deferred();
    const first = q.run(() => gate.promise);
    const second = q.run(() => Promise.resolve("second"));
    await assert.rejects(
      q.run(() => Promise.resolve("third")),
      QueueFullError,
    );
    assert.equal(q.pending, 2);
    gate.resolve();
    await first;
    assert.equal(await second, "second");
    assert.equal(await q.run(() => Promise.resolve("later")), "later");
  });

  it("frees its slot when a task fails", async () => {
    const q = new WorkQueue(1, 0);
    await assert.rejects(
      q.run(() => Promise.reject(new Error("x"))),
      /x/,
    );
    assert.equal(await q.run(() => Promise.resolve(1)), 1);
  });

  it("rejects nonsense limits", () => {
    assert.throws(() => new WorkQueue(0, 1), RangeError);
    assert.throws(() => new WorkQueue(1, -1), RangeError);
  });
});
