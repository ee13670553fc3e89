import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-password-not-bcrypt";
import { adminAuth, judge } from "../../../support/audit";
import { STRONG_MD5, STRONG_PASSWORD, STRONG_12 } from "../../../support/hashes";

describe("NRS-ADMIN-002 editor password not bcrypt", () => {
  it("flags a plain-text password without repeating it", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: STRONG_PASSWORD, permissions: "*" }]));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, ["admin: what looks like a plain-text password"]);
    assert.ok(!JSON.stringify(f).includes(STRONG_PASSWORD));
  });

  it("flags MD5, empty and missing passwords, naming each user", async () => {
    const f = await judge(
      rule,
      adminAuth([
        { username: "a", password: STRONG_MD5 },
        { username: "b", password: "" },
        { username: "c" },
        { username: "d", password: STRONG_12 },
      ]),
    );
    assert.equal(f?.severity, "high");
    assert.equal(f.details?.length, 3);
    assert.match(f.details[0] ?? "", /^a: a legacy MD5 hash/);
    assert.match(f.details[1] ?? "", /^b: an empty password/);
    assert.match(f.details[2] ?? "", /^c: no password at all/);
  });

  it("accepts a single user object as Node-RED does", async () => {
    const f = await judge(rule, adminAuth({ username: "admin", password: "secret" }));
    assert.equal(f?.severity, "high");
  });

  it("passes when every password is bcrypt", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: STRONG_12 }]));
    assert.equal(f?.severity, "pass");
  });

  it("has nothing to say without adminAuth or with custom user code", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(
      await judge(
        rule,
        adminAuth(() => Promise.resolve(null)),
      ),
      undefined,
    );
    assert.equal(
      await judge(rule, adminAuth([{ username: "x", password: "plain" }], { authenticate: () => null })),
      undefined,
    );
  });

  it("does not ask OAuth (strategy) users for a password", async () => {
    const f = await judge(rule, {
      adminAuth: { type: "strategy", strategy: {}, users: [{ username: "octocat", permissions: "*" }] },
    });
    assert.equal(f, undefined);
  });
});
