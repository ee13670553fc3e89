import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-weak-password";
import { adminAuth, judge } from "../../../support/audit";
import { ADMIN_10, CHANGEME_4, PASSWORD_10, STRONG_10, TEMPLATE_HASH } from "../../../support/hashes";

describe("NRS-ADMIN-004 well-known editor password", () => {
  it("recognises the settings template's example hash", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: TEMPLATE_HASH, permissions: "*" }]));
    assert.equal(f?.severity, "critical");
    assert.match(f.details?.[0] ?? "", /example from Node-RED's settings template/);
  });

  it("finds 'password' and common passwords behind new hashes, without naming them", async () => {
    const f = await judge(
      rule,
      adminAuth([
        { username: "a", password: PASSWORD_10 },
        { username: "b", password: ADMIN_10 },
        { username: "c", password: CHANGEME_4 },
      ]),
    );
    assert.equal(f?.severity, "critical");
    assert.equal(f.details?.length, 3);
    assert.match(f.details[1] ?? "", /^b: the password is one of the most common passwords$/);
    assert.ok(!JSON.stringify(f).includes("changeme"));
  });

  it("passes a strong password", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: STRONG_10 }]));
    assert.equal(f?.severity, "pass");
  });
});
