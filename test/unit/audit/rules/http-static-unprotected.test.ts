import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/http-static-unprotected";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

describe("NRS-HTTP-003 open static files", () => {
  it("flags httpStatic without httpStaticAuth, with the URL it is served at", async () => {
    const f = await judge(rule, { httpStatic: "/home/pi/static", httpStaticRoot: "/static/" });
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["Served at /static/"]);
    const g = await judge(rule, { httpStatic: [{ path: "/a", root: "/img/" }, { path: "/b" }], ...LOCAL });
    assert.equal(g?.severity, "low");
    assert.deepEqual(g.details, ["Served at /img", "Served at /"]);
  });

  it("passes with httpStaticAuth or per-path middleware", async () => {
    assert.equal(
      (await judge(rule, { httpStatic: "/s", httpStaticAuth: { user: "u", pass: STRONG_12 } }))?.severity,
      "pass",
    );
    const f = await judge(rule, { httpStatic: [{ path: "/s", root: "/x", middleware: () => undefined }] });
    assert.equal(f?.severity, "pass");
  });

  it("is silent without httpStatic", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });
});
