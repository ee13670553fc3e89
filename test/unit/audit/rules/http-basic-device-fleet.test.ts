import assert from "node:assert/strict";
import rule, { FLEET_USERS } from "../../../../src/audit/rules/http-basic-device-fleet";
import type { BasicLoginFacts } from "../../../../src/audit/facts";
import { judge } from "../../../support/audit";

const logins = (users: number, extra: Partial<BasicLoginFacts> = {}): BasicLoginFacts => ({
  lists: [{ list: "a1b2c3", users, bcryptChecks: users, bcryptMs: users * 250 }],
  workers: 1,
  cost12Ms: 250,
  ...extra,
});

describe("NRS-HTTP-005 a fleet of devices on Basic", () => {
  it("suggests API keys to a list with many Basic users, with the numbers", async () => {
    const f = await judge(rule, {}, { basicLogins: logins(100) });
    assert.equal(f?.severity, "low");
    const [detail = ""] = f.details ?? [];
    assert.match(detail, /^a1b2c3: 100 users logged in with Basic in the last hour; 100 bcrypt checks took 25 s\./);
    assert.match(detail, /about 25 s of bcrypt \(1 worker, 250 ms per cost-12 check\)/);
    const two = await judge(rule, {}, { basicLogins: logins(100, { workers: 2 }) });
    assert.match(two?.details?.[0] ?? "", /about 13 s of bcrypt \(2 workers/);
  });

  it("passes for a few users, and says nothing without runtime numbers", async () => {
    assert.equal((await judge(rule, {}, { basicLogins: logins(FLEET_USERS - 1) }))?.severity, "pass");
    assert.equal((await judge(rule, {}, { basicLogins: { lists: [], workers: 1, cost12Ms: 250 } }))?.severity, "pass");
    assert.equal(await judge(rule, {}), undefined);
  });
});
