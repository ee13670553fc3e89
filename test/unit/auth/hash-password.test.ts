import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import { PasswordInputError, hashPassword, validateCost } from "../../../src/auth/hash-password";

describe("hashPassword", () => {
  it("makes a verifiable bcrypt hash at the cost asked, 12 by default", async () => {
    const hash = await hashPassword("correct horse", 10);
    assert.match(hash, /^\$2b\$10\$/);
    assert.equal(await bcrypt.compare("correct horse", hash), true);
    assert.equal(validateCost(undefined), 12);
    assert.equal(validateCost("11"), 11);
  });

  it("refuses empty, non-text and over-long passwords with a code", async () => {
    await assert.rejects(
      hashPassword("", 10),
      (e: unknown) => e instanceof PasswordInputError && e.code === "ERR_NRS_PASSWORD_EMPTY",
    );
    await assert.rejects(
      hashPassword(42, 10),
      (e: unknown) => e instanceof PasswordInputError && e.code === "ERR_NRS_PASSWORD_TYPE",
    );
    // 72 bytes is the most bcrypt reads; "é" is two bytes.
    await assert.rejects(hashPassword("é".repeat(37), 10), /longer than 72 bytes/);
    assert.match(await hashPassword("é".repeat(36), 10), /^\$2b\$10\$/);
  });

  it("refuses costs below 10 or above 15", () => {
    for (const bad of [9, 16, 10.5, "abc", "-1", {}]) {
      assert.throws(
        () => validateCost(bad),
        (e: unknown) => e instanceof PasswordInputError && e.code === "ERR_NRS_COST",
      );
    }
  });
});
