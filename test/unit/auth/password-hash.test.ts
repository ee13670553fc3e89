import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { COMMON_PASSWORDS, candidatesForCost, checkWeakPassword, classifyHash } from "../../../src/auth/password-hash";
import { CHANGEME_4, STRONG_10, STRONG_12, STRONG_MD5, TEMPLATE_HASH } from "../../support/hashes";

describe("password hash classification", () => {
  it("tells bcrypt (with cost), MD5, plain text, empty and missing apart", () => {
    assert.deepEqual(classifyHash(STRONG_12), { kind: "bcrypt", cost: 12 });
    assert.deepEqual(classifyHash(TEMPLATE_HASH), { kind: "bcrypt", cost: 8 });
    assert.deepEqual(classifyHash(STRONG_MD5), { kind: "md5" });
    assert.deepEqual(classifyHash("hunter2"), { kind: "plaintext" });
    assert.deepEqual(classifyHash(""), { kind: "empty" });
    assert.deepEqual(classifyHash(undefined), { kind: "missing" });
    assert.deepEqual(classifyHash(12345), { kind: "plaintext" });
    assert.deepEqual(classifyHash(`${STRONG_12}x`), { kind: "plaintext" });
  });

  it("tries fewer candidates on slower hashes, never fewer than two", () => {
    assert.equal(candidatesForCost(4), COMMON_PASSWORDS.length);
    assert.equal(candidatesForCost(10), 12);
    assert.equal(candidatesForCost(12), 3);
    assert.equal(candidatesForCost(20), 2);
  });

  it("finds common passwords and caches the answer", async () => {
    assert.equal(await checkWeakPassword(CHANGEME_4), "known-weak");
    const started = process.hrtime.bigint();
    assert.equal(await checkWeakPassword(CHANGEME_4), "known-weak");
    assert.ok(process.hrtime.bigint() - started < 5_000_000n, "second check should come from the cache");
    assert.equal(await checkWeakPassword(STRONG_10), "not-found");
    assert.equal(await checkWeakPassword(STRONG_MD5), "not-checked");
    assert.equal(await checkWeakPassword(bcrypt.hashSync("password", 4)), "template-example");
  });
});
