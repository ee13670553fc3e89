import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/exposure-public-address";
import { adminAuth, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const VPS = {
  lo: [{ address: "127.0.0.1", family: "IPv4" }],
  eth0: [
    { address: "203.0.113.7", family: "IPv4" },
    { address: "10.1.0.4", family: "IPv4" },
  ],
};
const HOME = { lo: [{ address: "127.0.0.1", family: "IPv4" }], wlan0: [{ address: "192.168.1.20", family: "IPv4" }] };
const server = (address: string, tls = false): { address: { address: string; port: number }; tls: boolean } => ({
  address: { address, port: 1880 },
  tls,
});

describe("NRS-NET-003 public address", () => {
  it("is high on a public address, naming it", async () => {
    const f = await judge(rule, {}, { server: server("0.0.0.0"), interfaces: VPS });
    assert.equal(f?.severity, "high");
    assert.equal(f.details?.[0], "Public address: 203.0.113.7 (eth0)");
    assert.equal((await judge(rule, { uiHost: "203.0.113.7" }))?.severity, "high");
  });

  it("is medium when HTTPS and the editor login are both on", async () => {
    const settings = adminAuth([{ username: "admin", password: STRONG_12, permissions: "*" }]);
    const f = await judge(rule, settings, { server: server("0.0.0.0", true), interfaces: VPS });
    assert.equal(f?.severity, "medium");
    assert.match(f.details?.at(-1) ?? "", /lowers this to medium/);
    // One of the two is not enough.
    assert.equal((await judge(rule, settings, { server: server("0.0.0.0"), interfaces: VPS }))?.severity, "high");
  });

  it("passes LAN, VPN and loopback addresses", async () => {
    assert.equal((await judge(rule, {}, { server: server("0.0.0.0"), interfaces: HOME }))?.severity, "pass");
    assert.equal((await judge(rule, { uiHost: "100.101.1.2" }))?.severity, "pass");
    assert.equal((await judge(rule, { uiHost: "127.0.0.1" }))?.severity, "pass");
  });

  it("says nothing when every interface is used but they were not listed (the CLI)", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });
});
