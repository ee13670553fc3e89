import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-missing";
import { LOCAL, judge } from "../../../support/audit";

describe("NRS-TLS-001 plain HTTP", () => {
  it("is high when reachable over plain HTTP", async () => {
    const f = await judge(rule, {}, { userDir: "/home/pi/.node-red" });
    assert.equal(f?.severity, "high");
    assert.match(f.snippet ?? "", /readFileSync\("\/home\/pi\/\.node-red\/privkey\.pem"\)/);
  });

  it("is low on loopback only", async () => {
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "low");
  });

  it("passes with https settings or a TLS server", async () => {
    assert.equal((await judge(rule, { https: { key: "k", cert: "c" } }))?.severity, "pass");
    assert.equal((await judge(rule, { https: () => ({}) }))?.severity, "pass");
    assert.equal(
      (await judge(rule, {}, { server: { address: { address: "0.0.0.0", port: 1 }, tls: true } }))?.severity,
      "pass",
    );
  });

  it("trusts the running server over settings", async () => {
    const f = await judge(
      rule,
      { https: { key: "k" } },
      { server: { address: { address: "0.0.0.0", port: 1 }, tls: false } },
    );
    assert.equal(f?.severity, "high");
  });

  it("passes with requireHttps behind a proxy, saying what it covers", async () => {
    const f = await judge(rule, { requireHttps: true });
    assert.equal(f?.severity, "pass");
    assert.match(f.title, /requireHttps/);
  });
});
