import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { MemoryStore } from "../../../src/auth/memory-store";
import { SessionStore, sessionKey } from "../../../src/auth/sessions";
import { UserDirectory } from "../../../src/auth/users";
import { STRONG_10, STRONG_12 } from "../../support/hashes";

function setup(now: { t: number }) {
  const store = new SessionStore({ secret: randomBytes(32), idleMs: 1000, absoluteMs: 5000, now: () => now.t });
  const users = new UserDirectory([
    { username: "alice", roles: ["admin"], enabled: true, hash: STRONG_10 },
    { username: "bob", roles: [], enabled: true, hash: STRONG_10 },
  ]);
  return { store, users };
}

describe("SessionStore", () => {
  it("issues random, signed cookie values that resolve to the user", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const a = await store.create("alice", STRONG_10);
    const b = await store.create("alice", STRONG_10);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual((await store.resolve(a, users))?.user, { username: "alice", roles: ["admin"] });
  });

  it("refuses a tampered or forged value", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const value = await store.create("alice", STRONG_10);
    const [id = "", sig = ""] = value.split(".");
    const flipped = `${id}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    assert.equal(await store.resolve(flipped, users), undefined);
    assert.equal(await store.resolve(`${randomBytes(32).toString("base64url")}.${sig}`, users), undefined);
    assert.equal(await store.resolve("garbage", users), undefined);
    const other = new SessionStore({ secret: randomBytes(32), idleMs: 1000, absoluteMs: 5000 });
    assert.equal(await other.resolve(value, users), undefined, "another secret must not accept it");
  });

  it("checks the signature at every request, also for a session it has seen before", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const value = await store.create("alice", STRONG_10);
    const [id = "", sig = ""] = value.split(".");
    const flipped = `${id}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    for (let i = 0; i < 3; i++) {
      assert.ok(await store.resolve(value, users));
      assert.equal(await store.resolve(flipped, users), undefined);
      assert.equal(await store.resolve(`${id}.${sig.slice(0, -2)}`, users), undefined);
    }
    assert.equal(await store.destroy(flipped), false, "a forged value ends nothing");
    assert.ok(await store.destroy(value));
    assert.equal(await store.resolve(value, users), undefined);
  });

  it("ends sessions after the idle time, and refreshes it on use", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const value = await store.create("alice", STRONG_10);
    now.t = 900;
    assert.ok(await store.resolve(value, users));
    now.t = 1800;
    assert.ok(await store.resolve(value, users), "use at 900 should have extended it");
    now.t = 2900;
    assert.equal(await store.resolve(value, users), undefined);
  });

  it("ends sessions at the absolute lifetime even when used", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const value = await store.create("alice", STRONG_10);
    for (now.t = 500; now.t < 5000; now.t += 500) assert.ok(await store.resolve(value, users), String(now.t));
    now.t = 5000;
    assert.equal(await store.resolve(value, users), undefined);
  });

  it("ends sessions on logout, for a changed password, a disabled or removed user", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const out = await store.create("alice", STRONG_10);
    assert.equal(await store.destroy(out), true);
    assert.equal(await store.resolve(out, users), undefined);
    const changed = await store.create("alice", STRONG_10);
    const newPassword = new UserDirectory([{ username: "alice", roles: [], enabled: true, hash: STRONG_12 }]);
    assert.equal(await store.resolve(changed, newPassword), undefined);
    const disabled = await store.create("bob", STRONG_10);
    assert.equal(
      await store.resolve(
        disabled,
        new UserDirectory([{ username: "bob", roles: [], enabled: false, hash: STRONG_10 }]),
      ),
      undefined,
    );
    const removed = await store.create("bob", STRONG_10);
    assert.equal(await store.resolve(removed, new UserDirectory([])), undefined);
  });

  it("ends all sessions of one user", async () => {
    const now = { t: 0 };
    const { store, users } = setup(now);
    const a1 = await store.create("alice", STRONG_10);
    const a2 = await store.create("alice", STRONG_10);
    const b = await store.create("bob", STRONG_10);
    assert.equal(await store.destroyUser("alice"), 2);
    assert.equal(await store.resolve(a1, users), undefined);
    assert.equal(await store.resolve(a2, users), undefined);
    assert.ok(await store.resolve(b, users));
  });

  it("keeps sessions under a hash of the id, with no signature: the store alone makes no cookie", async () => {
    const now = { t: 0 };
    const secret = randomBytes(32);
    const memory = new MemoryStore(() => now.t);
    const store = new SessionStore({ secret, idleMs: 1000, absoluteMs: 5000, now: () => now.t, store: memory });
    const { users } = setup(now);
    const value = await store.create("alice", STRONG_10, true);
    const [id = "", signature = ""] = value.split(".");
    const bucket = memory.sessions("sessions", 10);
    assert.equal(await bucket.get(id), undefined, "nothing is kept under the cookie's id");
    const stored = await bucket.get(sessionKey(id));
    assert.ok(stored, "the session is kept under the id's hash");
    const text = JSON.stringify(stored);
    assert.ok(!text.includes(id) && !text.includes(signature), text);
    assert.deepEqual(Object.keys(stored).sort(), [
      "createdAt",
      "lastSeen",
      "passwordFingerprint",
      "secondFactor",
      "username",
    ]);
    // The key, even signed with the secret itself, is no cookie; the real one still works.
    const key = sessionKey(id);
    const signedKey = `${key}.${createHmac("sha256", secret).update(`session:${key}`).digest("base64url")}`;
    assert.equal(await store.resolve(signedKey, users), undefined);
    assert.equal(await store.resolve(`${key}.${signature}`, users), undefined);
    const resolved = await store.resolve(value, users);
    assert.equal(resolved?.id, key, "websockets and 'ended' notices name the session by its key");
  });

  it("keeps a session ended when a logout comes between a request's read and its refresh", async () => {
    const now = { t: 0 };
    const memory = new MemoryStore(() => now.t);
    const store = new SessionStore({
      secret: randomBytes(32),
      idleMs: 1000,
      absoluteMs: 5000,
      now: () => now.t,
      store: memory,
    });
    const { users } = setup(now);
    const value = await store.create("alice", STRONG_10);
    const bucket = memory.sessions("sessions", 10);
    const read = bucket.get.bind(bucket);
    let logoutAfterRead = true;
    bucket.get = async (key) => {
      const found = await read(key);
      if (logoutAfterRead) {
        logoutAfterRead = false;
        assert.equal(await store.destroy(value), true, "the racing logout ends the session");
      }
      return found;
    };
    now.t = 500; // late enough for the request to write the idle clock back
    assert.equal(await store.resolve(value, users), undefined, "the request that raced the logout is refused");
    assert.equal(
      await bucket.get(sessionKey(value.split(".")[0] ?? "")),
      undefined,
      "the refresh did not bring it back",
    );
    assert.equal(await store.resolve(value, users), undefined);
  });

  it("refuses a weak secret or nonsense lifetimes", () => {
    assert.throws(() => new SessionStore({ secret: Buffer.alloc(8), idleMs: 1, absoluteMs: 1 }), /at least 16 bytes/);
    assert.throws(() => new SessionStore({ secret: randomBytes(32), idleMs: 0, absoluteMs: 1 }), /positive/);
  });
});
