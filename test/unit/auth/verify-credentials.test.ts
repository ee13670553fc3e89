import assert from "node:assert/strict";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { LockoutCounter } from "../../../src/auth/lockout";
import { UserDirectory } from "../../../src/auth/users";
import { VerificationCache } from "../../../src/auth/verification-cache";
import { CredentialVerifier, type VerifierOptions } from "../../../src/auth/verify-credentials";
import { QueueFullError } from "../../../src/auth/work-queue";
import bcrypt from "bcryptjs";
import { CHANGEME_4, STRONG_10, STRONG_PASSWORD } from "../../support/hashes";

/** Counts the bcrypt work asked of the pool, answering with real (synchronous) bcryptjs. */
class CountingPool {
  compares: string[] = [];
  hashes = 0;
  full = false;
  /** While set, checks wait for it before their turn comes. */
  hold: Promise<void> | undefined;
  async compare<T>(
    password: string,
    hash: string,
    _context?: unknown,
    before?: () => Promise<T | undefined>,
  ): Promise<boolean | T> {
    if (this.full) throw new QueueFullError(3);
    await this.hold;
    const skip = before ? await before() : undefined;
    if (skip !== undefined) return skip;
    this.compares.push(hash);
    return bcrypt.compareSync(password, hash);
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
  extra: Partial<VerifierOptions> = {},
) {
  const pool = new CountingPool();
  let now = 0;
  const verifier = new CredentialVerifier({
    ...extra,
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

  it("runs one bcrypt for concurrent requests with the same credentials", async () => {
    const { pool, verifier, users } = setup();
    let release!: () => void;
    pool.hold = new Promise((r) => (release = r));
    const same = Array.from({ length: 10 }, (_, i) =>
      verifier.verify(users, "alice", STRONG_PASSWORD, `10.0.0.${String(i)}`),
    );
    const other = verifier.verify(users, "alice", "another guess", "10.0.0.99");
    release();
    const decisions = await Promise.all(same);
    assert.ok(decisions.every((d) => d.allow));
    assert.equal((await other).allow, false);
    assert.equal(pool.compares.length, 2, "one bcrypt for the ten, one for the different password");
  });

  it("keeps verified credentials across a redeploy (a new verifier and user list) unless the user changed", async () => {
    const cache = new VerificationCache();
    const record = { username: "alice", roles: ["admin"], enabled: true, hash: CHEAP_STRONG };
    const first = setup(new UserDirectory([record]), { cache, namespace: "list1" });
    assert.equal((await first.verifier.verify(first.users, "alice", STRONG_PASSWORD, "1.1.1.1")).allow, true);
    // The deploy makes a new verifier and a new user list with the same user: no bcrypt.
    const same = setup(new UserDirectory([{ ...record }]), { cache, namespace: "list1" });
    cache.retain("list1", same.users);
    assert.equal((await same.verifier.verify(same.users, "alice", STRONG_PASSWORD, "1.1.1.1")).allow, true);
    assert.equal(same.pool.compares.length, 0, "an unchanged user stays verified");
    // Another users list with the same user name and hash proves nothing for this one.
    const elsewhere = setup(new UserDirectory([{ ...record }]), { cache, namespace: "list2" });
    await elsewhere.verifier.verify(elsewhere.users, "alice", STRONG_PASSWORD, "1.1.1.1");
    assert.equal(elsewhere.pool.compares.length, 1);
    // A new password: the old one is checked by bcrypt again and refused.
    const changed = setup(new UserDirectory([{ ...record, hash: CHANGEME_4 }]), { cache, namespace: "list1" });
    cache.retain("list1", changed.users);
    assert.equal((await changed.verifier.verify(changed.users, "alice", STRONG_PASSWORD, "1.1.1.1")).allow, false);
    assert.equal(changed.pool.compares.length, 1);
    // Disabled: refused without the cache's help.
    const disabled = setup(new UserDirectory([{ ...record, enabled: false }]), { cache, namespace: "list1" });
    assert.equal((await disabled.verifier.verify(disabled.users, "alice", STRONG_PASSWORD, "1.1.1.1")).allow, false);
  });

  it("runs no bcrypt for a check whose client was locked out while it waited", async () => {
    const { pool, verifier, users } = setup();
    let release!: () => void;
    pool.hold = new Promise((r) => (release = r));
    const waiting = verifier.verify(users, "alice", STRONG_PASSWORD, "6.6.6.6");
    for (let i = 0; i < 4; i++) await verifier.ipLockout.fail("6.6.6.6");
    release();
    const d = await waiting;
    assert.equal(!d.allow && d.reason, "locked");
    assert.equal(pool.compares.length, 0);
  });

  it("asks for a re-hash at the list's cost after a successful login with a cheaper hash", async () => {
    const asked: [string, string, number][] = [];
    const users = new UserDirectory([
      { username: "alice", roles: [], enabled: true, hash: CHEAP_STRONG },
      { username: "bob", roles: [], enabled: true, hash: STRONG_10 },
    ]);
    const { verifier } = setup(users, { onCheapHash: (u, p, c) => asked.push([u, p, c]) });
    await verifier.verify(users, "alice", "wrong", "1.1.1.1");
    assert.equal(asked.length, 0, "a failed login asks for nothing");
    await verifier.verify(users, "alice", STRONG_PASSWORD, "1.1.1.1");
    assert.deepEqual(asked, [["alice", STRONG_PASSWORD, 10]]);
    await verifier.verify(users, "bob", STRONG_PASSWORD, "1.1.1.1");
    assert.equal(asked.length, 1, "a hash at the list's cost needs nothing");
  });

  it("answers busy when too many checks are waiting, and refuses empty or huge passwords cheaply", async () => {
    const { pool, verifier, users } = setup();
    pool.full = true;
    assert.deepEqual(await verifier.verify(users, "alice", "x", "1.1.1.1"), {
      allow: false,
      reason: "busy",
      status: 429,
      retryAfterSeconds: 3,
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
