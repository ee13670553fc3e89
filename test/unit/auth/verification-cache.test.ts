import assert from "node:assert/strict";
import { VerificationCache } from "../../../src/auth/verification-cache";

describe("VerificationCache", () => {
  it("recognises exactly the credentials it verified, against the same hash", () => {
    const cache = new VerificationCache();
    cache.remember("alice", "secret", "$2b$10$hashA");
    assert.equal(cache.has("alice", "secret", "$2b$10$hashA"), true);
    assert.equal(cache.has("alice", "Secret", "$2b$10$hashA"), false);
    assert.equal(cache.has("alice", "secret", "$2b$10$hashB"), false, "a new password hash must not match");
    assert.equal(cache.has("bob", "secret", "$2b$10$hashA"), false);
    // Shifting the separator must not collide: ("a", "b\0c") vs ("a\0b", "c").
    cache.remember("a", "b\u0000c", "h");
    assert.equal(cache.has("a\u0000b", "c", "h"), false);
  });

  it("expires entries, and forgets one user on demand", () => {
    let now = 0;
    const cache = new VerificationCache({ ttlMs: 100, now: () => now });
    cache.remember("alice", "secret", "h");
    cache.remember("bob", "other", "h");
    now = 50;
    assert.equal(cache.has("alice", "secret", "h"), true); // refreshes to 150
    now = 140;
    assert.equal(cache.has("alice", "secret", "h"), true);
    assert.equal(cache.has("bob", "other", "h"), false);
    cache.forgetUser("alice");
    assert.equal(cache.has("alice", "secret", "h"), false);
  });

  it("holds no password in memory", () => {
    const cache = new VerificationCache();
    cache.remember("alice", "a-very-distinctive-password", "h");
    const dump = JSON.stringify([
      ...(cache as unknown as { entries: { entries: Map<string, unknown> } }).entries.entries,
    ]);
    assert.ok(!dump.includes("a-very-distinctive-password"));
  });
});
