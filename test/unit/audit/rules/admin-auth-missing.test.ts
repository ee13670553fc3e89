import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-auth-missing";
import { LOCAL, adminAuth, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

describe("NRS-ADMIN-001 editor without login", () => {
  it("is critical on an untouched install that listens on every interface", async () => {
    const f = await judge(rule, {});
    assert.equal(f?.severity, "critical");
    assert.equal(f.penalty, 60);
    assert.match(f.snippet ?? "", /adminAuth: \{/);
    assert.match(f.details?.[0] ?? "", /0\.0\.0\.0:1880/);
  });

  it("is high, not critical, when only this machine can connect", async () => {
    const f = await judge(rule, { ...LOCAL });
    assert.equal(f?.severity, "high");
  });

  it("uses the running server's address over settings", async () => {
    const f = await judge(
      rule,
      { uiHost: "127.0.0.1" },
      { server: { address: { address: "::", port: 1880 }, tls: false } },
    );
    assert.equal(f?.severity, "critical");
  });

  it("passes with a credentials adminAuth", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: STRONG_12, permissions: "*" }]));
    assert.equal(f?.severity, "pass");
    assert.equal(f.penalty, 0);
  });

  it("passes when the admin API is switched off", async () => {
    const f = await judge(rule, { httpAdminRoot: false });
    assert.equal(f?.severity, "pass");
    assert.match(f.title, /switched off/);
  });

  it("reports a broken adminAuth instead of calling it missing", async () => {
    const f = await judge(rule, { adminAuth: { users: [] } });
    assert.equal(f?.severity, "medium");
    assert.match(f.details?.[0] ?? "", /adminAuth\.type is missing/);
    const g = await judge(rule, { adminAuth: "yes" });
    assert.equal(g?.severity, "medium");
  });
});
