import assert from "node:assert/strict";
import { classifyAddress, listenAddresses } from "../../../src/audit/addresses";

/** The shape os.networkInterfaces() returns, for a Pi on Wi-Fi with Tailscale and a public IPv6. */
const PI = {
  lo: [
    { address: "127.0.0.1", family: "IPv4", internal: true },
    { address: "::1", family: "IPv6", internal: true },
  ],
  wlan0: [
    { address: "192.168.1.20", family: "IPv4", internal: false },
    { address: "fe80::1234:5678", family: "IPv6", internal: false },
    { address: "2a01:4f8:1:2::5", family: "IPv6", internal: false },
  ],
  tailscale0: [
    { address: "100.101.102.103", family: "IPv4", internal: false },
    { address: "fd7a:115c:a1e0::1", family: "IPv6", internal: false },
  ],
};

describe("address classes", () => {
  it("classifies loopback, LAN, VPN/CGNAT and public addresses", () => {
    const cases: Record<string, string> = {
      "127.0.0.1": "loopback",
      "127.8.9.10": "loopback",
      "::1": "loopback",
      localhost: "loopback",
      "::ffff:127.0.0.1": "loopback",
      "10.0.0.5": "lan",
      "172.16.0.1": "lan",
      "172.31.255.255": "lan",
      "192.168.178.2": "lan",
      "169.254.10.10": "lan",
      "fd12:3456::1": "lan",
      "fc00::1": "lan",
      "fe80::1%eth0": "lan",
      "[fe80::1]": "lan",
      "::ffff:192.168.1.2": "lan",
      "100.64.0.1": "vpn",
      "100.127.255.254": "vpn",
      "fd7a:115c:a1e0:ab12::1": "vpn",
      "172.32.0.1": "public",
      "100.128.0.1": "public",
      "8.8.8.8": "public",
      "2a01:4f8::1": "public",
      "::ffff:8.8.8.8": "public",
      "mypi.local": "unknown",
      "": "unknown",
      "999.1.1.1": "unknown",
    };
    for (const [address, expected] of Object.entries(cases)) {
      assert.equal(classifyAddress(address), expected, address);
    }
  });

  it("lists every IPv4 interface address for 0.0.0.0, and every address for ::", () => {
    const v4 = listenAddresses("0.0.0.0", PI);
    assert.equal(v4.enumerated, true);
    assert.deepEqual(
      v4.addresses.map((a) => [a.address, a.class, a.interface]),
      [
        ["127.0.0.1", "loopback", "lo"],
        ["192.168.1.20", "lan", "wlan0"],
        ["100.101.102.103", "vpn", "tailscale0"],
      ],
    );
    const all = listenAddresses("::", PI);
    assert.equal(all.addresses.length, 7);
    assert.deepEqual(
      all.addresses.filter((a) => a.class === "public").map((a) => a.address),
      ["2a01:4f8:1:2::5"],
    );
  });

  it("takes a chosen address as it is, and leaves 0.0.0.0 unlisted without interfaces", () => {
    assert.deepEqual(listenAddresses("192.168.1.20", PI), {
      addresses: [{ address: "192.168.1.20", class: "lan" }],
      enumerated: true,
    });
    assert.deepEqual(listenAddresses("0.0.0.0", undefined), { addresses: [], enumerated: false });
  });

  it("skips malformed interface lists without throwing", () => {
    for (const bad of [
      null,
      42,
      "eth0",
      [],
      { eth0: "x" },
      { eth0: [null, 3, { address: 5 }, { address: "10.0.0.1" }] },
    ]) {
      assert.deepEqual(listenAddresses("0.0.0.0", bad), { addresses: [], enumerated: true }, JSON.stringify(bad));
    }
    // Node.js 18.0–18.3 gave the family as a number.
    assert.equal(listenAddresses("0.0.0.0", { eth0: [{ address: "10.0.0.1", family: 4 }] }).addresses[0]?.class, "lan");
  });
});
