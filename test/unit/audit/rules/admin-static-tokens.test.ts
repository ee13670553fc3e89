import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-static-tokens";
import { adminAuth, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const users = [{ username: "admin", password: STRONG_12, permissions: "*" }];

describe("NRS-ADMIN-006 static admin tokens", () => {
  it("counts static tokens without showing them", async () => {
    const token = "a-very-secret-token-value";
    const f = await judge(rule, adminAuth(users, { tokens: [{ token, user: "ci", scope: ["*"] }] }));
    assert.equal(f?.severity, "low");
    assert.deepEqual(f.details, ["1 static token(s) in adminAuth.tokens"]);
    assert.ok(!JSON.stringify(f).includes(token));
  });

  it("passes with a tokens() function or none", async () => {
    assert.equal((await judge(rule, adminAuth(users, { tokens: () => Promise.resolve(null) })))?.severity, "pass");
    assert.equal((await judge(rule, adminAuth(users)))?.severity, "pass");
  });
});
