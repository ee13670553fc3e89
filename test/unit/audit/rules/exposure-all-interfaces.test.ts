import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/exposure-all-interfaces";
import { judge } from "../../../support/audit";

describe("NRS-NET-001 all interfaces", () => {
  it("flags no uiHost, 0.0.0.0 and ::", async () => {
    for (const settings of [{}, { uiHost: "0.0.0.0" }, { uiHost: "::" }]) {
      const f = await judge(rule, settings);
      assert.equal(f?.severity, "medium", JSON.stringify(settings));
      assert.equal(f.snippet, 'uiHost: "127.0.0.1",');
    }
  });

  it("passes loopback and one chosen address", async () => {
    const local = await judge(rule, { uiHost: "127.0.0.1" });
    assert.equal(local?.severity, "pass");
    assert.match(local.title, /only listens on this machine/);
    for (const uiHost of ["::1", "localhost", "192.168.1.20"]) {
      assert.equal((await judge(rule, { uiHost }))?.severity, "pass", uiHost);
    }
  });
});
