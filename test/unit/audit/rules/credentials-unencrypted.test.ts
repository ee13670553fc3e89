import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/credentials-unencrypted";
import { judge } from "../../../support/audit";

describe("NRS-SECRET-001 unencrypted credentials", () => {
  it("is high with credentialSecret: false", async () => {
    const f = await judge(rule, { credentialSecret: false });
    assert.equal(f?.severity, "high");
    assert.match(f.snippet ?? "", /credentialSecret: process\.env\.NODE_RED_CREDENTIAL_SECRET \|\| "\{\{SECRET\}\}"/);
  });

  it("passes when credentials are encrypted either way", async () => {
    assert.equal((await judge(rule, {}))?.severity, "pass");
    assert.equal((await judge(rule, { credentialSecret: "long-random" }))?.severity, "pass");
  });
});
