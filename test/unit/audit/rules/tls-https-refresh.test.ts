import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-https-refresh";
import { judge } from "../../../support/audit";

describe("NRS-TLS-005 renewed certificates are loaded", () => {
  const httpsFn = (): Record<string, string> => ({ key: "k", cert: "c" });

  it("is low for an https function without httpsRefreshInterval", async () => {
    const f = await judge(rule, { https: httpsFn });
    assert.equal(f?.severity, "low");
    assert.match(f.snippet ?? "", /httpsRefreshInterval: 12/);
  });

  it("is low when httpsRefreshInterval sits next to an https object (Node-RED ignores it)", async () => {
    const f = await judge(rule, { https: { key: "k", cert: "c" }, httpsRefreshInterval: 12 });
    assert.equal(f?.severity, "low");
    assert.match(f.title, /ignored/);
  });

  it("passes an https function that is read again", async () => {
    const f = await judge(rule, { https: httpsFn, httpsRefreshInterval: "24" });
    assert.equal(f?.severity, "pass");
    assert.deepEqual(f.details, ["https is a function, read again every 24 hours."]);
    // Node-RED caps the interval at 596 hours.
    assert.match((await judge(rule, { https: httpsFn, httpsRefreshInterval: 1000 }))?.details?.[0] ?? "", /596 hours/);
  });

  it("says nothing without https, or for a plain https object", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, { https: { key: "k", cert: "c" } }), undefined);
    // requireHttps is NRS-TLS-001's business, not this rule's.
    assert.equal(await judge(rule, { https: { key: "k", cert: "c" }, requireHttps: false }), undefined);
  });
});
