import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-missing";
import { https } from "../../../../src/tls/https-setting";
import { LOCAL, judge } from "../../../support/audit";

describe("NRS-TLS-001 plain HTTP", () => {
  it("is high when reachable over plain HTTP", async () => {
    const f = await judge(rule, {}, { userDir: "/home/pi/.node-red" });
    assert.equal(f?.severity, "high");
    assert.equal(f.snippet, 'https: require("node-red-contrib-security").https(),\nhttpsRefreshInterval: 12,');
    assert.match(
      f.fix[0] ?? "",
      /^Press Turn on HTTPS below \(or run `npx node-red-contrib-security fix https` on this machine\)/,
    );
  });

  it("says why security.https() left Node-RED on plain HTTP", async () => {
    const reason = "The key /etc/tls/key.pem cannot be read: no such file.";
    const server = { address: { address: "0.0.0.0", port: 1 }, tls: false };
    const f = await judge(
      rule,
      { https: https({ userDir: "/nonexistent" }) },
      { server, packageHttps: { state: "off", source: "files", reason } },
    );
    assert.equal(f?.severity, "high");
    assert.equal(f.title, "HTTPS is off: security.https() could not load a certificate");
    assert.equal(f.details?.[0], reason);
    assert.match(f.details[1] ?? "", /started over plain HTTP so that you are not locked out/);
    const local = await judge(
      rule,
      { ...LOCAL, https: https({ userDir: "/nonexistent" }) },
      {
        server: { ...server, address: { address: "127.0.0.1", port: 1 } },
        packageHttps: { state: "off", source: "local-ca", reason },
      },
    );
    assert.equal(local?.severity, "low");
    assert.equal(local.details?.[0], reason);
  });

  it("ignores a status of security.https() when https is something else", async () => {
    const f = await judge(rule, {}, { packageHttps: { state: "off", source: "files", reason: "old" } });
    assert.equal(f?.title, "Node-RED is served over plain HTTP");
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
