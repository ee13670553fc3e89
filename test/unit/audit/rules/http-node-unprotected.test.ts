import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/http-node-unprotected";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

describe("NRS-HTTP-001 open http-in endpoints", () => {
  it("is medium when reachable, low on loopback", async () => {
    assert.equal((await judge(rule, {}))?.severity, "medium");
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "low");
  });

  it("passes with httpNodeAuth, middleware as httpNodeAuth, or httpNodeMiddleware", async () => {
    assert.equal((await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }))?.severity, "pass");
    assert.equal((await judge(rule, { httpNodeAuth: () => undefined }))?.severity, "pass");
    const mw = await judge(rule, { httpNodeMiddleware: [() => undefined] });
    assert.equal(mw?.severity, "pass");
    assert.match(mw.details?.[0] ?? "", /does not cover dashboards/);
  });

  it("passes when httpNodeRoot is off", async () => {
    assert.equal((await judge(rule, { httpNodeRoot: false }))?.severity, "pass");
  });

  it("honours the legacy httpAuth setting", async () => {
    assert.equal((await judge(rule, { httpAuth: { user: "u", pass: STRONG_12 } }))?.severity, "pass");
  });
});
