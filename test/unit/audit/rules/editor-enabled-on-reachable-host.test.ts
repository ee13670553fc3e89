import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/editor-enabled-on-reachable-host";
import { LOCAL, judge } from "../../../support/audit";

describe("NRS-EDITOR-001 editor served to the network", () => {
  it("is low when the editor is on and reachable", async () => {
    assert.equal((await judge(rule, {}))?.severity, "low");
  });

  it("passes with disableEditor, httpAdminRoot false or loopback only", async () => {
    assert.equal((await judge(rule, { disableEditor: true }))?.severity, "pass");
    assert.equal((await judge(rule, { httpAdminRoot: false }))?.severity, "pass");
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "pass");
  });
});
