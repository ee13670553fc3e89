import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/admin-bcrypt-cost";
import { adminAuth, judge } from "../../../support/audit";
import { CHEAP_8, STRONG_10, STRONG_12 } from "../../../support/hashes";

describe("NRS-ADMIN-003 editor hash cost", () => {
  it("flags a cost below 10 with the user and cost", async () => {
    const f = await judge(rule, adminAuth([{ username: "admin", password: CHEAP_8 }]));
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["admin: cost 8"]);
  });

  it("passes at cost 10 and 12", async () => {
    const f = await judge(
      rule,
      adminAuth([
        { username: "a", password: STRONG_10 },
        { username: "b", password: STRONG_12 },
      ]),
    );
    assert.equal(f?.severity, "pass");
  });

  it("has nothing to say when no password is bcrypt", async () => {
    assert.equal(await judge(rule, adminAuth([{ username: "a", password: "plain" }])), undefined);
  });
});
