import assert from "node:assert/strict";
import { VerificationCache } from "../../../src/auth/verification-cache";
import { UserDirectory, type UserRecord } from "../../../src/auth/users";

const HASH_A = "$2b$10$abcdefghijklmnopqrstuu0123456789012345678901234567890";
const HASH_B = "$2b$10$bbcdefghijklmnopqrstuu0123456789012345678901234567890";
const alice: UserRecord = { username: "alice", roles: ["admin"], enabled: true, hash: HASH_A };
const bob: UserRecord = { username: "bob", roles: [], enabled: true, hash: HASH_A };

describe("VerificationCache", () => {
  it("matches only the same list, user, password and hash", () => {
    const cache = new VerificationCache();
    cache.remember("list1", alice, "secret");
    assert.equal(cache.has("list1", alice, "secret"), true);
    assert.equal(cache.has("list1", alice, "Secret"), false);
    assert.equal(cache.has("list1", { ...alice, hash: HASH_B }, "secret"), false, "a new password hash must not match");
    assert.equal(cache.has("list1", { ...bob }, "secret"), false);
    assert.equal(cache.has("list2", alice, "secret"), false, "another users list knows nothing of it");
    // Field boundaries cannot be shifted to forge a match.
    cache.remember("l", { ...alice, username: "a" }, "b\u0000c");
    assert.equal(cache.has("l", { ...alice, username: "a\u0000b" }, "c"), false);
  });

  it("refuses a disabled user or changed roles even before a deploy prunes it", () => {
    const cache = new VerificationCache();
    cache.remember("list1", alice, "secret");
    assert.equal(cache.has("list1", { ...alice, enabled: false }, "secret"), false);
    assert.equal(cache.has("list1", { ...alice, roles: ["viewer"] }, "secret"), false);
    assert.equal(cache.has("list1", { ...alice, roles: ["admin"] }, "secret"), true, "the same roles still match");
  });

  it("keeps unchanged users across a redeploy and drops exactly the changed, disabled and removed ones", () => {
    const cache = new VerificationCache();
    const carol: UserRecord = { username: "carol", roles: ["x"], enabled: true, hash: HASH_A };
    const dave: UserRecord = { username: "dave", roles: [], enabled: true, hash: HASH_A };
    const erin: UserRecord = { username: "erin", roles: [], enabled: true, hash: HASH_A };
    for (const u of [alice, bob, carol, dave, erin]) cache.remember("list1", u, "pw");
    cache.remember("list2", alice, "pw");
    // The new deploy: alice unchanged, bob's password changed, carol's roles changed, dave disabled, erin gone.
    const next = new UserDirectory([
      { ...alice },
      { ...bob, hash: HASH_B },
      { ...carol, roles: ["y"] },
      { ...dave, enabled: false },
    ]);
    const dropped = cache.retain("list1", next);
    assert.deepEqual([...dropped].sort(), ["bob", "carol", "dave", "erin"]);
    assert.equal(cache.size, 2, "alice of list1 and of list2 are kept");
    assert.equal(cache.has("list1", alice, "pw"), true);
    assert.equal(cache.has("list2", alice, "pw"), true);
    cache.forgetList("list2");
    assert.equal(cache.has("list2", alice, "pw"), false);
    cache.forgetUser("list1", "alice");
    assert.equal(cache.size, 0);
  });

  it("forgets entries after the TTL unless they are used", () => {
    let now = 0;
    const cache = new VerificationCache({ ttlMs: 100, now: () => now });
    cache.remember("l", alice, "secret");
    cache.remember("l", bob, "other");
    now = 50;
    assert.equal(cache.has("l", alice, "secret"), true); // refreshes to 150
    now = 120;
    assert.equal(cache.has("l", alice, "secret"), true);
    assert.equal(cache.has("l", bob, "other"), false);
  });

  it("holds no password or hash in memory", () => {
    const cache = new VerificationCache();
    cache.remember("l", alice, "a-very-distinctive-password");
    const dump = JSON.stringify([
      ...(cache as unknown as { entries: { entries: Map<string, unknown> } }).entries.entries,
    ]);
    assert.ok(!dump.includes("a-very-distinctive-password"));
    assert.ok(!dump.includes(HASH_A));
  });
});
