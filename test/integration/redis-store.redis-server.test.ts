// The Redis store on a real redis-server: what several instances share, how it rides out an outage
// (stopped, restarted, frozen), how it fails when misconfigured, and express-rate-limit on it.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import express from "express";
import { type Store as RateLimitStore, rateLimit } from "express-rate-limit";
import request from "supertest";
import { MemoryStore } from "../../src/auth/memory-store";
import { openStore } from "../../src/auth/open-store";
import { type ModuleLoader, type RedisStoreOptions, StoreConfigError } from "../../src/auth/redis-config";
import { RedisStore } from "../../src/auth/redis-store";
import { SessionStore } from "../../src/auth/sessions";
import { type SharedStore, StoreUnavailableError } from "../../src/auth/store";
import { UserDirectory } from "../../src/auth/users";
import { limiterStoreOf } from "../../src/gate/redis-limiter-store";
import { STRONG_10 } from "../support/hashes";
import { type RedisServer, startRedis } from "../support/redis";

/** An app behind a rate limiter on `store`; a failing store answers 503, as the gates do. */
function limited(store: RateLimitStore | undefined, limit: number): express.Express {
  return express()
    .use(rateLimit({ standardHeaders: "draft-6", windowMs: 60_000, limit, store }))
    .get("/", (_req, res) => res.send("ok"))
    .use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (error instanceof StoreUnavailableError) res.status(503).end();
      else next(error);
    });
}

const POLICY = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, forgetAfterMs: 60_000 };

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The rejection of `promise`, which must be a StoreUnavailableError. */
async function unavailable(promise: Promise<unknown>): Promise<StoreUnavailableError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreUnavailableError, `expected StoreUnavailableError, got ${String(error)}`);
    assert.equal(error.code, "ERR_NRS_STORE_UNAVAILABLE");
    return error;
  }
  assert.fail("the operation should have failed");
}

function configError(make: () => unknown): StoreConfigError {
  try {
    make();
  } catch (error) {
    assert.ok(error instanceof StoreConfigError, `expected StoreConfigError, got ${String(error)}`);
    assert.equal(error.code, "ERR_NRS_STORE_CONFIG");
    return error;
  }
  assert.fail("a StoreConfigError was expected");
}

describe("RedisStore", () => {
  let server: RedisServer;
  let made = 0;
  const open: SharedStore[] = [];

  async function store(options: Partial<RedisStoreOptions> = {}, ready = true): Promise<RedisStore> {
    const created = new RedisStore({ url: server.url, prefix: `redis-test${++made}:`, ...options });
    open.push(created);
    if (ready) await created.whenReady();
    return created;
  }

  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it("lets two instances share sessions, values, failures and TOTP steps", async () => {
    const a = await store();
    const b = await store({ prefix: a.prefix });
    const session = { username: "alice", passwordFingerprint: "f", createdAt: 1, lastSeen: 2 };
    await a.sessions("users", 10).set("id1", session, 60_000);
    assert.deepEqual(await b.sessions("users", 10).get("id1"), session);
    assert.deepEqual(await b.sessions("users", 10).deleteUser("alice"), ["id1"]);
    assert.equal(await a.sessions("users", 10).get("id1"), undefined);

    await a.values<string>("pending", 10).set("code", "login", 60_000);
    const taken = await Promise.all([a.values("pending", 10).take("code"), b.values("pending", 10).take("code")]);
    assert.deepEqual(
      taken.filter((v) => v !== undefined),
      ["login"],
      "one instance gets it",
    );

    // Forty failures, half on each instance at once: none is lost, and each count is handed out once.
    const now = Date.now();
    const adds = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).failures("ip", 10).add("10.0.0.9", POLICY, now));
    const counts = (await Promise.all(adds)).map((f) => f.count).sort((x, y) => x - y);
    assert.deepEqual(
      counts,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.equal((await a.failures("ip", 10).get("10.0.0.9"))?.count, 40);
    assert.ok(((await b.failures("ip", 10).get("10.0.0.9"))?.lockedUntil ?? 0) > now, "locked on the other one too");

    assert.equal(await a.steps("totp", 10).advance("alice", 100, 90_000), true);
    assert.equal(await b.steps("totp", 10).advance("alice", 100, 90_000), false, "a code passes on one instance only");
  });

  it("does not share anything between prefixes", async () => {
    const a = await store();
    const b = await store();
    await a.values<string>("ns", 10).set("k", "a's", 60_000);
    assert.equal(await b.values<string>("ns", 10).get("k"), undefined);
    await b.sessions("ns", 10).set("s", { username: "u", passwordFingerprint: "", createdAt: 0, lastSeen: 0 }, 60_000);
    assert.deepEqual(await a.sessions("ns", 10).clear(), []);
  });

  it("brings ended-session notifications to the other instance, and to the publisher's listeners once", async () => {
    const a = await store();
    const b = await store({ prefix: a.prefix });
    const heardByA: string[] = [];
    const heardByB: string[] = [];
    a.onEnded((namespace, ids) => heardByA.push(`${namespace}/${ids.join(",")}`));
    b.onEnded((namespace, ids) => heardByB.push(`${namespace}/${ids.join(",")}`));

    a.publishEnded("users", ["s1", "s2"]);
    assert.deepEqual(heardByA, ["users/s1,s2"], "the publisher's listeners hear it at once");
    await waitFor("b hears a's notification", () => heardByB.length === 1);
    assert.deepEqual(heardByB, ["users/s1,s2"]);
    // Redis delivers in order: once a hears b's later message, any echo of its own would have come.
    b.publishEnded("users", ["s3"]);
    await waitFor("a hears b's notification", () => heardByA.length >= 2);
    assert.deepEqual(heardByA, ["users/s1,s2", "users/s3"]);
    assert.deepEqual(heardByB, ["users/s1,s2", "users/s3"]);
  });

  it("shares express-rate-limit counters between two apps", async () => {
    const a = await store();
    const b = await store({ prefix: a.prefix });
    const first = limited(limiterStoreOf(a.limiterCommands(), "login:"), 3);
    const second = limited(limiterStoreOf(b.limiterCommands(), "login:"), 3);
    await request(first).get("/").expect(200);
    await request(second).get("/").expect(200);
    await request(first).get("/").expect(200).expect("RateLimit-Remaining", "0");
    await request(second).get("/").expect(429);
    await request(first).get("/").expect(429);
    const other = limited(limiterStoreOf(a.limiterCommands(), "other:"), 3);
    await request(other).get("/").expect(200).expect("RateLimit-Remaining", "2");
  });

  describe("through an outage", () => {
    afterEach(async () => {
      server.thaw();
      if (!(await isUp())) await server.restart();
    });

    async function isUp(): Promise<boolean> {
      const probe = new RedisStore({ url: server.url, connectTimeoutMs: 500 });
      try {
        await probe.whenReady(1_000);
        return true;
      } catch {
        return false;
      } finally {
        await probe.close();
      }
    }

    it("reports a stopped server at once, fails fast, and comes back when it does", async () => {
      const s = await store();
      const events: boolean[] = [];
      s.onAvailability((available) => events.push(available));
      const limiter = limited(limiterStoreOf(s.limiterCommands(), "outage:"), 5);
      await request(limiter).get("/").expect(200);
      await s.values<string>("ns", 10).set("k", "before", 60_000);

      await server.stop();
      await waitFor("the store says it is unavailable", () => !s.available(), 1_500);
      assert.deepEqual(events, [false]);
      // Each operation is refused before anything is sent, not after waiting for an answer.
      for (const refused of [
        unavailable(s.values<string>("ns", 10).get("k")),
        unavailable(s.failures("ns", 10).add("ip", POLICY, Date.now())),
        unavailable(s.sessions("ns", 10).clear()),
        unavailable(s.steps("ns", 10).advance("u", 1, 1_000)),
      ]) {
        const error = await refused;
        assert.match(error.message, /unavailable/);
        assert.match(error.message, /not connected/);
      }
      await request(limiter).get("/").expect(503); // express-rate-limit passes the store's error on
      const heard: string[] = [];
      s.onEnded((_ns, ids) => heard.push(...ids));
      s.publishEnded("ns", ["local"]);
      assert.deepEqual(heard, ["local"], "this instance still closes its own websockets");

      await server.restart();
      await waitFor("the store is available again", () => s.available(), 5_000);
      assert.deepEqual(events, [false, true], "listeners hear each change once");
      // The restarted server persisted nothing; the store works on it, and rate-limit-redis loads its scripts again.
      assert.equal(await s.values<string>("ns", 10).get("k"), undefined);
      await s.values<string>("ns", 10).set("k", "after", 60_000);
      assert.equal(await s.values<string>("ns", 10).get("k"), "after");
      assert.equal((await s.failures("ns", 10).add("ip", POLICY, Date.now())).count, 1);
      await request(limiter).get("/").expect(200);
    });

    it("starts while the server is down and connects when it comes up", async () => {
      await server.stop();
      const s = await store({}, false);
      const limiter = limited(limiterStoreOf(s.limiterCommands(), "late:"), 5);
      assert.equal(s.available(), false);
      await unavailable(s.values("ns", 10).get("k"));
      await request(limiter).get("/").expect(503);
      await server.restart();
      await s.whenReady();
      assert.equal(await s.values("ns", 10).add("k", 1, 60_000), true);
      await request(limiter).get("/").expect(200).expect("RateLimit-Remaining", "4");
    });

    it("gives up on a frozen server after the command timeout, then refuses at once until it answers", async () => {
      const s = await store({ commandTimeoutMs: 300 });
      const events: boolean[] = [];
      s.onAvailability((available) => events.push(available));
      server.freeze();
      const started = Date.now();
      const error = await unavailable(s.values("ns", 10).get("k"));
      // It waited for the command timeout, which the message names.
      assert.ok(Date.now() - started >= 250);
      assert.match(error.message, /no answer within 300 ms/);
      // The connection is still open, but the store says it is unavailable, and the next command does
      // not wait for the timeout again.
      assert.equal(s.available(), false);
      assert.deepEqual(events, [false]);
      assert.match((await unavailable(s.values("ns", 10).get("k"))).message, /stopped answering/);

      server.thaw();
      await waitFor("the store is available again", () => s.available(), 5_000);
      assert.deepEqual(events, [false, true]);
      assert.equal(await s.values("ns", 10).get("k"), undefined);
    });

    it("notices by itself that a server froze, when nothing asks it anything, and that it came back", async () => {
      const s = await store({ commandTimeoutMs: 300 });
      const events: boolean[] = [];
      s.onAvailability((available) => events.push(available));
      server.freeze();
      // No command is sent here: only the store's own heartbeat can tell.
      await waitFor("the store says it is unavailable", () => !s.available(), 3_000);
      assert.deepEqual(events, [false]);
      server.thaw();
      await waitFor("the store is available again", () => s.available(), 5_000);
      assert.deepEqual(events, [false, true]);
      await s.values<string>("ns", 10).set("k", "after", 60_000);
      assert.equal(await s.values<string>("ns", 10).get("k"), "after");
    });
  });

  describe("configuration", () => {
    const realLoader: ModuleLoader = (id) => require(id) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports
    const missing =
      (name: string): ModuleLoader =>
      (id) => {
        if (id === name) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
        return realLoader(id);
      };

    it("says how to install a missing package", () => {
      const error = configError(() => new RedisStore({ url: server.url }, missing("redis")));
      assert.match(error.message, /"redis" is not installed/);
      assert.match(error.message, /run `npm install redis` in/);
      assert.match(error.message, /~\/\.node-red/);
      configError(() => openStore({ redis: server.url }, missing("redis")));
    });

    it("refuses URLs that are not Redis URLs, without repeating a password", () => {
      for (const url of ["", "localhost:6379", "http://127.0.0.1:6379", "redis://", "redis://h:6379/db", "not a url"]) {
        configError(() => new RedisStore({ url }));
      }
      const error = configError(() => new RedisStore({ url: "redis://user:hunter2@host:notaport" }));
      assert.doesNotMatch(error.message, /hunter2/);
      configError(() => new RedisStore({ url: server.url, commandTimeoutMs: 0 }));
      configError(() => new RedisStore(null as unknown as RedisStoreOptions));
      configError(() => openStore({ redis: 42 } as unknown as { redis: string }));
      configError(() => openStore("redis" as unknown as "memory"));
    });

    it("never shows the password of the URL, also when it is wrong", async () => {
      const locked = await startRedis({ password: "secret" });
      try {
        const url = `redis://default:secret@127.0.0.1:${locked.port}/0`;
        const right = new RedisStore({ url });
        open.push(right);
        assert.equal(right.description, `redis://default@127.0.0.1:${locked.port}/0 (prefix "nrs:")`);
        await right.whenReady();
        assert.equal(await right.values("ns", 10).add("k", 1, 1_000), true);

        const wrong = new RedisStore({ url: `redis://default:guess@127.0.0.1:${locked.port}`, connectTimeoutMs: 500 });
        open.push(wrong);
        assert.doesNotMatch(wrong.description, /guess/);
        const error = await unavailable(wrong.whenReady(500));
        assert.doesNotMatch(`${error.message} ${String(error.cause)}`, /guess/);
        assert.equal(wrong.available(), false);
      } finally {
        await Promise.all(open.splice(0).map((s) => s.close()));
        await locked.stop();
      }
    });
  });

  describe("openStore", () => {
    it("makes a new memory store for memory or no setting", async () => {
      const a = openStore(undefined);
      const b = openStore("memory");
      assert.ok(a instanceof MemoryStore && b instanceof MemoryStore);
      assert.notEqual(a, b);
      await a.values<string>("ns", 10).set("k", "v", 60_000);
      assert.equal(await b.values<string>("ns", 10).get("k"), undefined);
    });

    it("shares one Redis connection per URL and prefix until its last user closes it", async () => {
      const prefix = `open-store${++made}:`;
      const first = openStore({ redis: { url: server.url, prefix } });
      const second = openStore({ redis: { url: server.url, prefix } });
      const elsewhere = openStore({ redis: { url: server.url, prefix: `${prefix}x:` } });
      try {
        assert.equal(first.kind, "redis");
        await waitFor("connected", () => first.available() && elsewhere.available());
        // Shared: the other handle's listener hears it at once, not later through Redis.
        const heard: string[] = [];
        second.onEnded((_ns, ids) => heard.push(...ids));
        const heardElsewhere: string[] = [];
        elsewhere.onEnded((_ns, ids) => heardElsewhere.push(...ids));
        first.publishEnded("ns", ["s1"]);
        assert.deepEqual(heard, ["s1"]);
        assert.deepEqual(heardElsewhere, [], "another prefix is another store");

        await first.close();
        assert.equal(first.available(), false);
        assert.equal(second.available(), true, "still open for its other user");
        await second.values<string>("ns", 10).set("k", "v", 60_000);
        second.publishEnded("ns", ["s2"]);
        assert.deepEqual(heard, ["s1", "s2"]);
        await second.close();
        await second.close(); // closing twice releases once

        const third = openStore({ redis: server.url });
        try {
          await waitFor("a fresh store connects", () => third.available());
          assert.equal(await third.values("ns", 10).get("k"), undefined, "another prefix (the default)");
        } finally {
          await third.close();
        }
      } finally {
        await Promise.all([first.close(), second.close(), elsewhere.close()]);
      }
    });
  });

  it("ends the sessions an earlier version stored under the cookie's id with its signature, and says so", async () => {
    const s = await store();
    const secret = randomBytes(32);
    const users = new UserDirectory([{ username: "alice", roles: [], enabled: true, hash: STRONG_10 }]);
    const current = new SessionStore({ secret, idleMs: 60_000, absoluteMs: 600_000, store: s, namespace: "users-9" });
    const kept = await current.create("alice", STRONG_10);
    // A session as earlier versions wrote it: the cookie's own id as key, its signature in the value.
    const oldId = randomBytes(32).toString("base64url");
    const oldSignature = createHmac("sha256", secret).update(`session:${oldId}`).digest("base64url");
    const old = { username: "alice", signature: oldSignature, passwordFingerprint: "f", createdAt: Date.now() };
    await s.sessions("users-9", 10).set(oldId, { ...old, lastSeen: Date.now() }, 60_000);

    const logged: string[] = [];
    const next = new SessionStore({
      secret,
      idleMs: 60_000,
      absoluteMs: 600_000,
      store: s,
      namespace: "users-9",
      log: (message) => logged.push(message),
    });
    await waitFor("the old session is ended", () => logged.length === 1);
    assert.match(logged[0] ?? "", /ended 1 session\(s\) stored by an earlier version .*log in again/);
    assert.equal(await s.sessions("users-9", 10).get(oldId), undefined, "the old entry is gone from Redis");
    assert.equal(await next.resolve(`${oldId}.${oldSignature}`, users), undefined);
    assert.ok(await next.resolve(kept, users), "sessions stored under a hash are kept");
    assert.equal(await next.destroyUser("alice"), 1, "the user's index holds the kept session only");

    const again: string[] = [];
    const third = new SessionStore({
      secret,
      idleMs: 60_000,
      absoluteMs: 600_000,
      store: s,
      namespace: "users-9",
      log: (message) => again.push(message),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(again, [], "nothing more to end, nothing said");
    for (const sessions of [current, next, third]) sessions.dispose();
  });

  it("is closed for good after close()", async () => {
    const s = await store();
    await s.close();
    assert.equal(s.available(), false);
    await unavailable(s.values("ns", 10).get("k"));
    await s.close();
  });
});
