import assert from "node:assert/strict";
import { ClientGoneError, QueueFullError, WorkQueue } from "../../../src/auth/work-queue";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("WorkQueue", () => {
  it("runs at most `concurrency` tasks at once, in order", async () => {
    const q = new WorkQueue({ concurrency: 2, budgetMs: 1000 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const all = gates.map((g, i) =>
      q.run(
        async () => {
          running += 1;
          peak = Math.max(peak, running);
          order.push(i);
          await g.promise;
          running -= 1;
          return i;
        },
        { estimateMs: 10 },
      ),
    );
    await tick();
    assert.equal(running, 2);
    gates.forEach((g) => g.resolve());
    assert.deepEqual(await Promise.all(all), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  it("refuses only what cannot finish within the budget, saying when to retry, and recovers", async () => {
    // One worker, 100 ms a job, a 1 s budget: the running job plus nine waiting fit (ten jobs, 1 s), the next does not.
    const q = new WorkQueue({ concurrency: 1, budgetMs: 1000 });
    const gate = deferred();
    const first = q.run(() => gate.promise, { estimateMs: 100 });
    const waiting = Array.from({ length: 9 }, (_, i) => q.run(() => Promise.resolve(i), { estimateMs: 100 }));
    const refused = q.run(() => Promise.resolve("late"), { estimateMs: 100 });
    await assert.rejects(refused, (err: unknown) => err instanceof QueueFullError && err.retryAfterSeconds >= 1);
    // A job over the budget is told to come back once the excess has run.
    const far = new WorkQueue({ concurrency: 1, budgetMs: 1000 });
    const block = deferred();
    const held = far.run(() => block.promise, { estimateMs: 100 });
    const fill = Array.from({ length: 30 }, () => far.run(() => Promise.resolve(), { estimateMs: 100 }).catch(() => 0));
    await assert.rejects(
      far.run(() => Promise.resolve(), { estimateMs: 1000 }),
      (err: unknown) => err instanceof QueueFullError && err.retryAfterSeconds === 1,
    );
    block.resolve();
    await Promise.all([held, ...fill]);
    assert.equal(q.pending, 10);
    gate.resolve();
    await first;
    assert.deepEqual(await Promise.all(waiting), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(await q.run(() => Promise.resolve("later"), { estimateMs: 100 }), "later");
  });

  it("takes turns between clients: a flood from one address cannot push out or starve others", async () => {
    const q = new WorkQueue({ concurrency: 1, budgetMs: 10_000 });
    const ran: string[] = [];
    const job = (lane: string, name: string): Promise<unknown> =>
      q.run(
        () => {
          ran.push(name);
          return Promise.resolve();
        },
        { lane, estimateMs: 100 },
      );
    const gate = deferred();
    const blocker = q.run(() => gate.promise, { lane: "blocker", estimateMs: 100 });
    // The attacker fills its share of the budget first...
    const flood = Array.from({ length: 200 }, (_, i) => job("attacker", `a${String(i)}`).catch(() => "refused"));
    // ...and devices arriving afterwards are still taken, each ahead of most of the flood.
    const devices = Array.from({ length: 5 }, (_, i) => job(`device${String(i)}`, `d${String(i)}`));
    const refusedFlood = (await Promise.all(flood.slice(100))).filter((r) => r === "refused").length;
    assert.ok(refusedFlood > 0, "the flood beyond the budget is refused");
    gate.resolve();
    await Promise.all([blocker, ...devices]);
    await Promise.all(flood);
    const lastDevice = Math.max(...[0, 1, 2, 3, 4].map((i) => ran.indexOf(`d${String(i)}`)));
    // Round-robin: the attacker's lane ran at most one job between device turns.
    const attackerBefore = ran.slice(0, lastDevice).filter((n) => n.startsWith("a")).length;
    assert.ok(attackerBefore <= 1, `the attacker ran ${String(attackerBefore)} jobs before the last device`);
  });

  it("gives a lane its next turn only behind the lanes that arrived while its job ran", async () => {
    const q = new WorkQueue({ concurrency: 1, budgetMs: 10_000 });
    const ran: string[] = [];
    const gate = deferred();
    // The attacker comes first: its first job runs, its others wait in its lane.
    const first = q.run(() => gate.promise.then(() => ran.push("a0")), { lane: "attacker" });
    const more = [1, 2].map((i) =>
      q.run(() => Promise.resolve(ran.push(`a${String(i)}`)), { lane: "attacker", estimateMs: 1 }),
    );
    const devices = [0, 1, 2].map((i) =>
      q.run(() => Promise.resolve(ran.push(`d${String(i)}`)), { lane: `device${String(i)}`, estimateMs: 1 }),
    );
    gate.resolve();
    await Promise.all([first, ...more, ...devices]);
    assert.deepEqual(ran, ["a0", "d0", "d1", "d2", "a1", "a2"]);
  });

  it("runs one job at a time per key (a client address, a user name)", async () => {
    const q = new WorkQueue({ concurrency: 4, budgetMs: 10_000 });
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
    };
    // Same user name from four addresses: one at a time.
    await Promise.all(
      [1, 2, 3, 4].map((i) => q.run(task, { lane: `10.0.0.${String(i)}`, keys: ["alice"], estimateMs: 1 })),
    );
    assert.equal(peak, 1);
    peak = 0;
    // Same address, four names: one at a time too.
    await Promise.all([1, 2, 3, 4].map((i) => q.run(task, { lane: "10.0.0.9", keys: [`u${String(i)}`] })));
    assert.equal(peak, 1);
    peak = 0;
    await Promise.all([1, 2, 3, 4].map((i) => q.run(task, { lane: `10.0.1.${String(i)}`, keys: [`v${String(i)}`] })));
    assert.equal(peak, 4, "different clients and names run side by side");
  });

  it("drops the work of a client that went away before its turn", async () => {
    const q = new WorkQueue({ concurrency: 1, budgetMs: 10_000 });
    const gate = deferred();
    const first = q.run(() => gate.promise, { lane: "a" });
    const gone = new AbortController();
    let ran = false;
    const dropped = q.run(
      () => {
        ran = true;
        return Promise.resolve();
      },
      { lane: "b", signal: gone.signal },
    );
    const kept = q.run(() => Promise.resolve("kept"), { lane: "c" });
    gone.abort();
    await assert.rejects(dropped, ClientGoneError);
    assert.equal(q.waiting, 1);
    gate.resolve();
    await first;
    assert.equal(await kept, "kept");
    assert.equal(ran, false);
    await assert.rejects(
      q.run(() => Promise.resolve(), { signal: AbortSignal.abort() }),
      ClientGoneError,
    );
  });

  it("frees its slot when a task fails", async () => {
    const q = new WorkQueue({ concurrency: 1, budgetMs: 0 });
    await assert.rejects(
      q.run(() => Promise.reject(new Error("x"))),
      /x/,
    );
    assert.equal(await q.run(() => Promise.resolve(1)), 1);
  });

  it("honours a hard cap on waiting jobs", async () => {
    const q = new WorkQueue({ concurrency: 1, budgetMs: Number.POSITIVE_INFINITY, maxWaiting: 1 });
    const gate = deferred();
    const first = q.run(() => gate.promise);
    const second = q.run(() => Promise.resolve("second"));
    await assert.rejects(
      q.run(() => Promise.resolve("third")),
      QueueFullError,
    );
    gate.resolve();
    await first;
    assert.equal(await second, "second");
  });

  it("rejects nonsense limits", () => {
    assert.throws(() => new WorkQueue({ concurrency: 0, budgetMs: 1 }), RangeError);
    assert.throws(() => new WorkQueue({ concurrency: 1, budgetMs: -1 }), RangeError);
    assert.throws(() => new WorkQueue({ concurrency: 1, budgetMs: 1, maxWaiting: -1 }), RangeError);
  });
});
