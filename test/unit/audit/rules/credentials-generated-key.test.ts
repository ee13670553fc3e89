import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/credentials-generated-key";
import { judge } from "../../../support/audit";

describe("NRS-SECRET-002 generated credentials key", () => {
  it("is medium without credentialSecret (or with an empty one)", async () => {
    assert.equal((await judge(rule, {}))?.severity, "medium");
    assert.equal((await judge(rule, { credentialSecret: "" }))?.severity, "medium");
  });

  it("passes with a credentialSecret and leaves false to NRS-SECRET-001", async () => {
    assert.equal((await judge(rule, { credentialSecret: "long-random" }))?.severity, "pass");
    assert.equal(await judge(rule, { credentialSecret: false }), undefined);
  });
});
