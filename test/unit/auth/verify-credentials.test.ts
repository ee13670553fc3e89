import assert from "node:assert/strict";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { LockoutCounter } from "../../../src/auth/lockout";
import { UserDirectory } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";
import { QueueFullError } from "../../../src/auth/work-queue";
import bcrypt from "bcryptjs";
import { CHANGEME_4, STRONG_10, STRONG_PASSWORD } from "../../support/hashes";

/** Counts the bcrypt work asked of the pool, answering with real (synchronous) bcryptjs. */
class CountingPool {
  compares: string[] = [];
  hashes = 0;
  full = false;
  compare(password: string, hash: string): Promise<boolean> {
    if (this.full) return Promise.reject(new QueueFullError());
    this.compares.push(hash);
    return Promise.resolve(bcrypt.compareSync(password, hash));
  }
  hash(password: string, cost: number): Promise<string> {
    this.hashes += 1;
    return Promise.resolve(bcrypt.hashSync(password, cost));
  }
}

const CHEAP_STRONG = bcrypt.hashSync(STRONG_PASSWORD, 4);
const costOf = (hash: string): string => hash.slice(0, 7);

function setup(
  users = new UserDirectory([{ username: "alice", roles: ["admin"], enabled: true, hash: CHEAP_STRONG }]),
) {
  const pool = new CountingPool();
  let now = 0;
  const verifier = new CredentialVerifier({
    pool: pool as unknown as BcryptPool,
    ipLockout: new LockoutCounter(
      { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 3_600_000 },
      { maxEntries: 1000, now: () => now },
    ),
    userLockout: new LockoutCounter(
      { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 3_600_000 },
      { maxEntries: 1000, now: () => now },
    ),
  });
  return { pool, verifier, users, advance: (ms: number) => (now += ms) };
}

describe("CredentialVerifier", () => {
  it("lets a right password in once with bcrypt, then from the cache", async () => {
    const { pool, verifier, users } = setup();
    const first = await verifier.verify(users, "alice", STRONG_PASSWORD, "1.1.1.1");
    assert.deepEqual(first, { allow: true, user: { username: "alice", roles: ["admin"] }, via: "basic" });
    await verifier.verify(users, "alice", STRONG_PASSWORD, "1.1.1.1");
    await verifier.verify(users, "alice", STRONG_PASSWORD, "2.2.2.2");
    assert.equal(pool.compares.length, 1, "only the first check should run bcrypt");
  });

  it("makes an unknown user cost one bcrypt at the same cost as real users", async () => {
    const { pool, verifier, users } = setup(
      new UserDirectory([{ username: "alice", roles: [], enabled: true, hash: CHANGEME_4 }]),
    );
    const unknown = await verifier.verify(users, "mallory", "changeme", "1.1.1.1");
    const wrong = await verifier.verify(users, "alice", "wrong", "1.1.1.2");
    assert.equal(unknown.allow, false);
    assert.deepEqual(
      [unknown, wrong].map((d) => !d.allow && d.reason),
      ["bad-credentials", "bad-credentials"],
    );
    assert.equal(pool.compares.length, 2);
    assert.equal(costOf(pool.compares[0] ?? ""), costOf(CHANGEME_4), "the dummy hash must use the users' cost");
    assert.notEqual(pool.compares[0], CHANGEME_4);
  });

  it("refuses a disabled user even with the right password, after the same work", async () => {
    const { pool, verifier } = setup();
    const users = new UserDirectory([{ username: "alice", roles: [], enabled: false, hash: CHEAP_STRONG }]);
    const d = await verifier.verify(users, "alice", STRONG_PASSWORD, "1.1.1.1");
    assert.equal(d.allow, false);
    assert.equal(pool.compares.length, 1);
  });

  it("locks a client out after its free failures, without running bcrypt while locked", async () => {
    const { pool, verifier, users, advance } = setup();
    for (let i = 0; i < 3; i++) assert.equal((await verifier.verify(users, "alice", "x", "6.6.6.6")).allow, false);
    const locked = await verifier.verify(users, "alice", "x", "6.6.6.6");
    assert.deepEqual(locked, { allow: false, reason: "locked", status: 429, retryAfterSeconds: 1 });
    const work = pool.compares.length;
    const again = await verifier.verify(users, "alice", STRONG_PASSWORD, "6.6.6.6");
    assert.equal(!again.allow && again.reason, "locked", "the right password from a locked client waits too");
    assert.equal(pool.compares.length, work, "no bcrypt while locked");
    advance(1000);
    assert.equal((await verifier.verify(users, "alice", STRONG_PASSWORD, "6.6.6.6")).allow, true);
  });

  it("does not let strangers' guesses lock out a user whose credentials were just verified", async () => {
    const { verifier, users } = setup();
    assert.equal((await verifier.verify(users, "alice", STRONG_PASSWORD, "10.0.0.2")).allow, true);
    for (let i = 0; i < 20; i++) await verifier.verify(users, "alice", `guess${String(i)}`, `203.0.113.${String(i)}`);
    const stranger = await verifier.verify(users, "alice", STRONG_PASSWORD, "203.0.113.99");
    assert.equal(stranger.allow, true, "knowing the password is never refused once it is cached");
    const owner = await verifier.verify(users, "alice", STRONG_PASSWORD, "10.0.0.2");
    assert.equal(owner.allow, true);
  });

  it("locks a user name that many clients guess at, until the right password is seen", async () => {
    const { verifier, users } = setup();
    for (let i = 0; i < 6; i++) await verifier.verify(users, "alice", "nope", `198.51.100.${String(i)}`);
    const d = await verifier.verify(users, "alice", STRONG_PASSWORD, "192.0.2.1");
    assert.equal(!d.allow && d.reason, "locked");
  });

  it("answers busy when too many checks are waiting, and refuses empty or huge passwords cheaply", async () => {
    const { pool, verifier, users } = setup();
    pool.full = true;
    assert.deepEqual(await verifier.verify(users, "alice", "x", "1.1.1.1"), {
      allow: false,
      reason: "busy",
      status: 429,
      retryAfterSeconds: 1,
    });
    pool.full = false;
    const before = pool.compares.length;
    assert.equal((await verifier.verify(users, "alice", "", "1.1.1.3")).allow, false);
    assert.equal((await verifier.verify(users, "alice", "x".repeat(2000), "1.1.1.4")).allow, false);
    assert.equal(pool.compares.length, before);
  });

  it("needs a real bcrypt hash of the right password (real pool)", async () => {
    const pool = new BcryptPool({ workers: 1 });
    try {
      const verifier = new CredentialVerifier({ pool });
      const users = new UserDirectory([{ username: "alice", roles: [], enabled: true, hash: STRONG_10 }]);
      assert.equal((await verifier.verify(users, "alice", STRONG_PASSWORD, "1.1.1.1")).allow, true);
      assert.equal((await verifier.verify(users, "alice", `${STRONG_PASSWORD}x`, "1.1.1.1")).allow, false);
    } finally {
      await pool.stop();
    }
  });
});
