import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-anonymous-access";
import { adminAuth, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const users = [{ username: "admin", password: STRONG_12, permissions: "*" }];

describe("NRS-ADMIN-005 anonymous editor permissions", () => {
  it("is critical when anonymous visitors get full access", async () => {
    const f = await judge(rule, adminAuth(users, { default: { permissions: "*" } }));
    assert.equal(f?.severity, "critical");
    assert.match(f.title, /full editor access/);
  });

  it("is medium for read-only anonymous access", async () => {
    const f = await judge(rule, adminAuth(users, { default: { permissions: "read" } }));
    assert.equal(f?.severity, "medium");
    const g = await judge(rule, adminAuth(users, { default: { permissions: ["flows.read", "nodes.read"] } }));
    assert.equal(g?.severity, "medium");
  });

  it("is high for other write permissions", async () => {
    const f = await judge(rule, adminAuth(users, { default: { permissions: ["flows.write"] } }));
    assert.equal(f?.severity, "high");
  });

  it("is info when custom code decides", async () => {
    const f = await judge(rule, adminAuth(users, { default: () => Promise.resolve(null) }));
    assert.equal(f?.severity, "info");
    assert.equal(f.penalty, 0);
  });

  it("passes without a default", async () => {
    assert.equal((await judge(rule, adminAuth(users)))?.severity, "pass");
    assert.equal(await judge(rule, {}), undefined);
  });
});
