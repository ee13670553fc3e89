// One contract for every SharedStore: the memory store and the Redis store (on a real redis-server)
// must answer the same way, so the gates behave alike whichever one a user configures.
import assert from "node:assert/strict";
import type { LockoutPolicy } from "../../src/auth/store";
import { MemoryStore } from "../../src/auth/memory-store";
import { RedisStore } from "../../src/auth/redis-store";
import { type SharedStore, type StoredSession, lockUntil } from "../../src/auth/store";
import { type RedisServer, startRedis } from "../support/redis";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A lifetime long enough to read the value back on a busy machine, and the wait that outlasts it. */
const SHORT = 150;
const EXPIRED = 250;

function session(username: string, fingerprint = "fp"): StoredSession {
  return { username, passwordFingerprint: fingerprint, createdAt: 1, lastSeen: 2 };
}

interface Subject {
  readonly name: string;
  before?: () => Promise<void>;
  after?: () => Promise<void>;
  make: () => Promise<SharedStore>;
}

let server: RedisServer | undefined;
let made = 0;

const subjects: Subject[] = [
  { name: "MemoryStore", make: () => Promise.resolve(new MemoryStore()) },
  {
    name: "RedisStore",
    before: async () => {
      server = await startRedis();
    },
    after: async () => {
      await server?.stop();
    },
    make: async () => {
      // A prefix per test: no test sees another's keys.
      const store = new RedisStore({ url: server!.url, prefix: `contract${++made}:` });
      await store.whenReady();
      return store;
    },
  },
];

for (const subject of subjects) {
  describe(`SharedStore contract: ${subject.name}`, () => {
    let store: SharedStore;

    before(async () => {
      await subject.before?.();
    });
    after(async () => {
      await subject.after?.();
    });
    beforeEach(async () => {
      store = await subject.make();
    });
    afterEach(async () => {
      await store.close();
    });

    it("is available", () => {
      assert.equal(store.available(), true);
    });

    it("gets what was set until its lifetime ends, and set replaces", async () => {
      const values = store.values<{ n: number }>("ns", 100);
      await values.set("long", { n: 1 }, 60_000);
      await values.set("short", { n: 2 }, SHORT);
      await values.set("long", { n: 3 }, 60_000);
      assert.deepEqual(await values.get("long"), { n: 3 });
      assert.deepEqual(await values.get("short"), { n: 2 });
      assert.equal(await values.get("missing"), undefined);
      await sleep(EXPIRED);
      assert.equal(await values.get("short"), undefined, "expired");
      assert.deepEqual(await values.get("long"), { n: 3 });
    });

    it("deletes, saying whether there was a value", async () => {
      const values = store.values<string>("ns", 100);
      await values.set("k", "v", 60_000);
      assert.equal(await values.delete("k"), true);
      assert.equal(await values.delete("k"), false);
      assert.equal(await values.get("k"), undefined);
    });

    it("hands a value out once, also to two takers at the same time", async () => {
      const values = store.values<string>("ns", 100);
      await values.set("code", "pending-login", 60_000);
      const taken = await Promise.all([values.take("code"), values.take("code")]);
      assert.deepEqual(
        taken.filter((v) => v !== undefined),
        ["pending-login"],
      );
      assert.equal(await values.get("code"), undefined);
      assert.equal(await values.take("never"), undefined);
    });

    it("adds only where no value is, and again once the first has expired", async () => {
      const values = store.values<string>("ns", 100);
      assert.equal(await values.add("claim", "first", SHORT), true);
      assert.equal(await values.add("claim", "second", 60_000), false);
      assert.equal(await values.get("claim"), "first");
      await sleep(EXPIRED);
      assert.equal(await values.add("claim", "third", 60_000), true);
      assert.equal(await values.get("claim"), "third");
      const numbers = store.values<number>("ns", 100);
      const claims = await Promise.all([numbers.add("race", 1, 60_000), numbers.add("race", 2, 60_000)]);
      assert.deepEqual(claims.sort(), [false, true]);
    });

    it("keeps namespaces and kinds apart", async () => {
      await store.values<string>("a", 100).set("k", "in a", 60_000);
      await store.values<string>("b", 100).set("k", "in b", 60_000);
      assert.equal(await store.values<string>("a", 100).get("k"), "in a");
      assert.equal(await store.values<string>("b", 100).get("k"), "in b");
      assert.equal(await store.sessions("a", 100).get("k"), undefined);
      assert.equal(await store.failures("a", 100).get("k"), undefined);
    });

    it("removes a user's sessions, and all of a namespace's", async () => {
      const sessions = store.sessions("users-1", 100);
      const other = store.sessions("users-1:other", 100);
      await sessions.set("a1", session("alice"), 60_000);
      await sessions.set("a2", session("alice"), 60_000);
      await sessions.set("b1", session("bob"), 60_000);
      await sessions.set("moved", session("alice"), 60_000);
      await sessions.set("moved", session("bob", "fp2"), 60_000); // the id now belongs to bob
      await other.set("a3", session("alice"), 60_000);

      assert.deepEqual((await sessions.deleteUser("alice")).sort(), ["a1", "a2"]);
      assert.equal(await sessions.get("a1"), undefined);
      assert.deepEqual(await sessions.get("moved"), session("bob", "fp2"));
      assert.deepEqual(await sessions.deleteUser("alice"), []);
      assert.deepEqual(await other.get("a3"), session("alice"), "another namespace keeps its sessions");

      await sessions.set("a4", session("alice"), 60_000);
      assert.deepEqual((await sessions.clear()).sort(), ["a4", "b1", "moved"]);
      assert.equal(await sessions.get("b1"), undefined);
      assert.deepEqual(await sessions.clear(), []);
      assert.deepEqual(await other.get("a3"), session("alice"));
      assert.deepEqual(await other.deleteUser("alice"), ["a3"]);
    });

    it("takes and adds sessions like other values, and deleteUser still finds added ones", async () => {
      const sessions = store.sessions("ns", 100);
      assert.equal(await sessions.add("s1", session("carol"), 60_000), true);
      assert.equal(await sessions.add("s1", session("dave"), 60_000), false);
      assert.deepEqual(await sessions.take("s1"), session("carol"));
      assert.equal(await sessions.get("s1"), undefined);
      await sessions.add("s2", session("carol"), 60_000);
      assert.deepEqual(await sessions.deleteUser("carol"), ["s2"]);
    });

    it("updates only a value that is there: a refresh after a delete leaves it deleted", async () => {
      const values = store.values<{ tries: number }>("ns", 100);
      assert.equal(await values.update("pending", { tries: 1 }, 60_000), false);
      assert.equal(await values.get("pending"), undefined, "update never creates");
      await values.set("pending", { tries: 0 }, 60_000);
      assert.equal(await values.update("pending", { tries: 1 }, 60_000), true);
      assert.deepEqual(await values.get("pending"), { tries: 1 });
      assert.deepEqual(await values.take("pending"), { tries: 1 });
      assert.equal(await values.update("pending", { tries: 2 }, 60_000), false);
      assert.equal(await values.get("pending"), undefined, "a taken value stays taken");
      await values.set("short", { tries: 0 }, SHORT);
      await sleep(EXPIRED);
      assert.equal(await values.update("short", { tries: 1 }, 60_000), false, "an expired value is not brought back");
      assert.equal(await values.get("short"), undefined);
    });

    it("never brings back a session that a logout deleted before its refresh", async () => {
      const sessions = store.sessions("ns", 100);
      await sessions.set("s1", session("erin"), 60_000);
      const read = await sessions.get("s1"); // a request read the session ...
      assert.ok(read);
      assert.equal(await sessions.delete("s1"), true); // ... a logout ended it ...
      const refreshed = await sessions.update("s1", { ...read, lastSeen: 3 }, 60_000); // ... then it refreshed
      assert.equal(refreshed, false);
      assert.equal(await sessions.get("s1"), undefined, "the logged-out session stays gone");
      // The same after a user's sessions were ended (password change), and while the session is there.
      await sessions.set("s2", session("erin"), 60_000);
      assert.deepEqual(await sessions.deleteUser("erin"), ["s2"]);
      assert.equal(await sessions.update("s2", session("erin"), 60_000), false);
      assert.equal(await sessions.get("s2"), undefined);
      await sessions.set("s3", session("erin"), 60_000);
      assert.equal(await sessions.update("s3", { ...session("erin"), lastSeen: 9 }, 60_000), true);
      assert.equal((await sessions.get("s3"))?.lastSeen, 9);
      assert.deepEqual(await sessions.deleteUser("erin"), ["s3"], "an updated session is still found by its user");
      // Racing: a logout and a refresh sent together leave no session, whichever runs first.
      for (let i = 0; i < 5; i++) {
        await sessions.set(`r${String(i)}`, session("erin"), 60_000);
        await Promise.all([
          sessions.delete(`r${String(i)}`),
          sessions.update(`r${String(i)}`, { ...session("erin"), lastSeen: 5 }, 60_000),
        ]);
        assert.equal(await sessions.get(`r${String(i)}`), undefined);
      }
    });

    it("counts failures and locks for growing periods as the policy says", async () => {
      const policy: LockoutPolicy = { freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 4_000, forgetAfterMs: 60_000 };
      const failures = store.failures("ns", 100);
      const now = Date.now();
      const locks: number[] = [];
      for (let count = 1; count <= 6; count++) {
        const record = await failures.add("10.0.0.1", policy, now);
        assert.equal(record.count, count);
        assert.equal(record.lockedUntil, lockUntil(policy, count, now));
        locks.push(record.lockedUntil === 0 ? 0 : record.lockedUntil - now);
      }
      assert.deepEqual(locks, [0, 0, 1_000, 2_000, 4_000, 4_000]);
      assert.deepEqual(await failures.get("10.0.0.1"), { count: 6, lockedUntil: now + 4_000 });
      assert.equal(await failures.get("10.0.0.2"), undefined);
      await failures.delete("10.0.0.1");
      assert.equal(await failures.get("10.0.0.1"), undefined);
      assert.equal((await failures.add("10.0.0.1", policy, now)).count, 1, "a deleted record starts afresh");
    });

    it("keeps an earlier lock when a further failure gives none", async () => {
      const strict: LockoutPolicy = { freeFailures: 0, baseDelayMs: 5_000, maxDelayMs: 5_000, forgetAfterMs: 60_000 };
      const lenient: LockoutPolicy = { ...strict, freeFailures: 10 };
      const failures = store.failures("ns", 100);
      const now = Date.now();
      assert.deepEqual(await failures.add("alice", strict, now), { count: 1, lockedUntil: now + 5_000 });
      assert.deepEqual(await failures.add("alice", lenient, now + 10), { count: 2, lockedUntil: now + 5_000 });
    });

    it("forgets failures after the quiet period, but not while a longer lock runs", async () => {
      const forgetful: LockoutPolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 1_000, forgetAfterMs: SHORT };
      const locking: LockoutPolicy = { freeFailures: 0, baseDelayMs: 60_000, maxDelayMs: 60_000, forgetAfterMs: SHORT };
      const failures = store.failures("ns", 100);
      const now = Date.now();
      await failures.add("quiet", forgetful, now);
      await failures.add("locked", locking, now);
      await sleep(EXPIRED);
      assert.equal(await failures.get("quiet"), undefined);
      assert.deepEqual(await failures.get("locked"), { count: 1, lockedUntil: now + 60_000 });
    });

    it("lets each TOTP time step pass once, and no older one after it", async () => {
      const steps = store.steps("ns", 100);
      assert.equal(await steps.advance("alice", 57_000_000, 90_000), true);
      assert.equal(await steps.advance("alice", 57_000_000, 90_000), false);
      assert.equal(await steps.advance("alice", 56_999_999, 90_000), false);
      assert.equal(await steps.advance("bob", 56_999_999, 90_000), true);
      assert.equal(await steps.advance("alice", 57_000_001, 90_000), true);
      assert.equal(await steps.advance("alice", 57_000_000, 90_000), false);
      const both = await Promise.all([steps.advance("carol", 5, 90_000), steps.advance("carol", 5, 90_000)]);
      assert.deepEqual(both.sort(), [false, true]);
    });

    it("forgets a used step when its lifetime ends", async () => {
      const steps = store.steps("ns", 100);
      assert.equal(await steps.advance("alice", 7, SHORT), true);
      await sleep(EXPIRED);
      assert.equal(await steps.advance("alice", 7, 60_000), true);
    });

    it("tells its listeners of ended sessions once, and no more after unsubscribing", () => {
      const heard: [string, readonly string[]][] = [];
      const unsubscribe = store.onEnded((namespace, ids) => heard.push([namespace, ids]));
      store.publishEnded("users-1", ["s1", "s2"]);
      store.publishEnded("users-1", []);
      assert.deepEqual(heard, [["users-1", ["s1", "s2"]]]);
      unsubscribe();
      store.publishEnded("users-1", ["s3"]);
      assert.equal(heard.length, 1);
    });
  });
}
