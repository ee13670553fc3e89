import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-security-nodes-misconfigured";
import { LOCAL, judge } from "../../../support/audit";
import { TAB, n, withFlows } from "./flow-support";

const USERS = { id: "u", type: "auth-users", name: "people", cost: 12, accounts: [{ id: "a", username: "alice" }] };
const gate = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  n("g", "auth-gate", [[]], { name: "door", usersConfig: "u", method: "form", ...extra });

describe("NRS-FLOW-007 misconfigured auth gate and auth users nodes", () => {
  it("is silent without our nodes; passes when set up soundly", async () => {
    assert.equal(await judge(rule, {}, withFlows([TAB])), undefined);
    const f = await judge(rule, {}, withFlows([TAB, USERS, gate()]));
    assert.equal(f?.severity, "pass");
    assert.match(f.details?.[0] ?? "", /checked only in the running Node-RED/);
    const known = await judge(rule, {}, withFlows([TAB, USERS, gate()], {}, { usersWithPasswords: { u: 1 } }));
    assert.equal(known?.details, undefined);
  });

  it("is high for a gate with no users node, a missing one, or no usable user", async () => {
    const none = await judge(rule, {}, withFlows([TAB, gate({ usersConfig: "" })]));
    assert.equal(none?.severity, "high");
    assert.match(none.details?.[0] ?? "", /no auth users node is chosen, so it refuses everyone/);
    assert.match(
      (await judge(rule, {}, withFlows([TAB, gate({ usersConfig: "gone" })])))?.details?.[0] ?? "",
      /missing or disabled/,
    );
    const empty = { ...USERS, accounts: [] };
    assert.match((await judge(rule, {}, withFlows([TAB, empty, gate()])))?.details?.[0] ?? "", /has no users/);
    const off = { ...USERS, accounts: [{ id: "a", username: "alice", enabled: false }] };
    assert.match((await judge(rule, {}, withFlows([TAB, off, gate()])))?.details?.[0] ?? "", /has no enabled user/);
    const noPw = await judge(rule, {}, withFlows([TAB, USERS, gate()], {}, { usersWithPasswords: { u: 0 } }));
    assert.match(noPw?.details?.[0] ?? "", /no enabled user with a password/);
    assert.deepEqual(
      noPw?.nodes?.map((x) => x.id),
      ["g", "u"],
    );
  });

  it("is medium for a bcrypt cost below 10", async () => {
    const f = await judge(rule, {}, withFlows([TAB, { ...USERS, cost: "8" }, gate()]));
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["auth-users 'people' (u): bcrypt cost 8 is below 10"]);
  });

  it("is medium for a Basic-only gate that requires a second factor (Basic cannot carry a code)", async () => {
    const f = await judge(
      rule,
      { ...LOCAL },
      withFlows([TAB, USERS, gate({ method: "basic", requireSecondFactor: true })]),
    );
    assert.equal(f?.severity, "medium");
    assert.match(f.details?.[0] ?? "", /requires a second factor but logs in with Basic only/);
    const form = await judge(rule, { ...LOCAL }, withFlows([TAB, USERS, gate({ requireSecondFactor: true })]));
    assert.equal(form?.severity, "pass");
  });

  it("is medium for Basic logins over plain HTTP on a reachable instance only", async () => {
    const basic = [TAB, USERS, gate({ method: "basic" })];
    assert.match(
      (await judge(rule, {}, withFlows(basic)))?.details?.[0] ?? "",
      /Basic logins while Node-RED serves plain HTTP/,
    );
    assert.equal((await judge(rule, { ...LOCAL }, withFlows(basic)))?.severity, "pass");
    assert.equal((await judge(rule, { https: { key: "k", cert: "c" } }, withFlows(basic)))?.severity, "pass");
    assert.equal((await judge(rule, {}, withFlows([TAB, USERS, gate({ method: "both" })])))?.severity, "medium");
  });
});
