import assert from "node:assert/strict";
import { LockoutCounter } from "../../../src/auth/lockout";

const policy = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

describe("LockoutCounter", () => {
  it("allows a few failures, then locks for doubling periods up to a ceiling", async () => {
    let now = 0;
    const counter = new LockoutCounter(policy, { maxEntries: 100, now: () => now });
    for (let i = 0; i < 3; i++) assert.equal((await counter.fail("ip")).locked, false);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const state = await counter.fail("ip");
      delays.push(state.retryAfterMs);
      now += state.retryAfterMs; // the attacker waits out each lock
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("reports the remaining wait and unlocks when it passes", async () => {
    let now = 0;
    const counter = new LockoutCounter(policy, { maxEntries: 100, now: () => now });
    for (let i = 0; i < 4; i++) await counter.fail("ip");
    assert.deepEqual(await counter.check("ip"), { locked: true, retryAfterMs: 1000, failures: 4 });
    now = 400;
    assert.equal((await counter.check("ip")).retryAfterMs, 600);
    now = 1000;
    assert.equal((await counter.check("ip")).locked, false);
    assert.equal((await counter.check("other")).failures, 0);
  });

  it("forgets a key after a quiet period, and on reset", async () => {
    let now = 0;
    const counter = new LockoutCounter(policy, { maxEntries: 100, now: () => now });
    await counter.fail("a");
    await counter.fail("b");
    now = 61_000;
    assert.equal((await counter.check("a")).failures, 0);
    await counter.reset("b");
    assert.equal((await counter.check("b")).failures, 0);
  });

  it("keeps a bounded number of keys under a flood of addresses", async () => {
    const counter = new LockoutCounter(policy, { maxEntries: 5_000 });
    for (let i = 0; i < 50_000; i++) await counter.fail(`10.0.${String(i >> 8)}.${String(i & 255)}`);
    assert.equal(counter.size, 5_000);
  });
});
