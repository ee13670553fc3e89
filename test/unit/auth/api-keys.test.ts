// API keys: made once, checked by lookup, refused when unknown, expired, revoked (gone from the
// store) or when their user is disabled; never more roles than their user has.
import assert from "node:assert/strict";
import { ApiKeyStore, makeApiKey, readApiKeyRecords } from "../../../src/auth/api-keys";
import { UserDirectory } from "../../../src/auth/users";
import { STRONG_10 } from "../../support/hashes";

describe("API keys", () => {
  const users = new UserDirectory([
    { username: "anna", roles: ["family", "admin"], enabled: true, hash: STRONG_10 },
    { username: "old", roles: ["family"], enabled: false, hash: STRONG_10 },
  ]);
  let now = 1_800_000_000_000;
  const clock = (): number => now;

  it("shows the key once and stores only a hash of its secret", () => {
    const { key, record } = makeApiKey("anna", "sensor", [], now);
    assert.match(key, /^nrs_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = key.split("_").slice(2).join("_");
    assert.ok(!JSON.stringify(record).includes(secret), "the record holds the secret");
    assert.match(record.hash, /^[a-f0-9]{64}$/);
  });

  it("lets a key in as its user, with the key's roles, and notes when it was used", () => {
    const made = makeApiKey("anna", "sensor", ["family"], now);
    const store = new ApiKeyStore([made.record], clock);
    assert.equal(store.lastUsedAt(made.record.id), undefined);
    const result = store.check(made.key, users);
    assert.deepEqual(result, { ok: true, user: { username: "anna", roles: ["family"] }, keyId: made.record.id });
    assert.equal(store.lastUsedAt(made.record.id), now);
    const all = makeApiKey("anna", "script", [], now);
    const full = new ApiKeyStore([all.record], clock).check(all.key, users);
    assert.deepEqual(full.ok && full.user.roles, ["family", "admin"]);
    const more = makeApiKey("anna", "greedy", ["root"], now);
    const greedy = new ApiKeyStore([more.record], clock).check(more.key, users);
    assert.deepEqual(greedy.ok && greedy.user.roles, [], "a key got a role its user does not have");
  });

  it("refuses unknown, altered, expired, revoked and malformed keys, and keys of disabled users", () => {
    const made = makeApiKey("anna", "sensor", [], now, now + 60_000);
    const store = new ApiKeyStore([made.record], clock);
    const altered = `${made.key.slice(0, -1)}${made.key.endsWith("A") ? "B" : "A"}`;
    assert.deepEqual(store.check(altered, users), { ok: false, reason: "unknown" });
    assert.deepEqual(store.check(makeApiKey("anna", "x", [], now).key, users), { ok: false, reason: "unknown" });
    assert.deepEqual(store.check("hunter2", users), { ok: false, reason: "malformed" });
    now += 60_000;
    assert.deepEqual(store.check(made.key, users), { ok: false, reason: "expired" });
    const revoked = new ApiKeyStore([], clock);
    assert.deepEqual(revoked.check(made.key, users), { ok: false, reason: "unknown" });
    const old = makeApiKey("old", "legacy", [], now);
    assert.deepEqual(new ApiKeyStore([old.record], clock).check(old.key, users), {
      ok: false,
      reason: "user-disabled",
    });
  });

  it("reads stored records, dropping corrupt ones", () => {
    const good = makeApiKey("anna", "sensor", [], now).record;
    assert.deepEqual(readApiKeyRecords([good, null, { id: "x" }, { ...good, hash: "zz" }, 5]), [good]);
    assert.deepEqual(readApiKeyRecords("junk"), []);
  });
});
