import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/exposure-reachable-at";
import { judge } from "../../../support/audit";

const PI = {
  lo: [{ address: "127.0.0.1", family: "IPv4" }],
  wlan0: [{ address: "192.168.1.20", family: "IPv4" }],
  tailscale0: [{ address: "100.101.102.103", family: "IPv4" }],
};

describe("NRS-NET-004 where Node-RED can be reached", () => {
  it("lists the address classes, widest first, as info", async () => {
    const f = await judge(
      rule,
      {},
      { server: { address: { address: "0.0.0.0", port: 1880 }, tls: false }, interfaces: PI },
    );
    assert.equal(f?.severity, "info");
    assert.equal(f.penalty, 0);
    assert.equal(f.title, "Reachable at: a VPN/CGNAT range, the local network, this machine");
    assert.deepEqual(f.details, [
      "100.101.102.103 (tailscale0) port 1880: a VPN or carrier-grade NAT range (100.64.0.0/10, e.g. Tailscale)",
      "192.168.1.20 (wlan0) port 1880: the local network (LAN)",
      "127.0.0.1 (lo) port 1880: this machine only (loopback)",
    ]);
  });

  it("passes loopback only (nothing to check), and names the internet for a public address", async () => {
    const local = await judge(rule, { uiHost: "127.0.0.1" });
    assert.equal(local?.severity, "pass");
    assert.equal(local.title, "Reachable at: this machine only");
    assert.deepEqual(local.details, ["127.0.0.1 port 1880: this machine only (loopback)"]);
    assert.equal((await judge(rule, { uiHost: "198.51.100.4" }))?.title, "Reachable at: the internet");
  });

  it("says when every interface is used but not listed, and describes a unix socket", async () => {
    const all = await judge(rule, {});
    assert.equal(all?.severity, "info");
    assert.match(all.details?.[0] ?? "", /every interface\. The addresses were not listed/);
    const socket = await judge(rule, {}, { server: { address: "/run/node-red.sock", tls: false } });
    assert.equal(socket?.severity, "pass");
    assert.match(socket.title, /unix socket/);
    assert.match(socket.details?.[0] ?? "", /\/run\/node-red\.sock/);
  });

  it("never fails: an unresolved host name is listed as such", async () => {
    const f = await judge(rule, { uiHost: "mypi.local" });
    assert.equal(f?.severity, "info");
    assert.equal(f.title, "Reachable at: an unresolved host name");
  });
});
