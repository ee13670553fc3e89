import assert from "node:assert/strict";
import { clientAddress, clientKey, isSecureRequest } from "../../../src/gate/client-address";

function req(remoteAddress: string, headers: Record<string, string> = {}, encrypted = false) {
  return { headers, socket: { remoteAddress, encrypted } } as unknown as Parameters<typeof clientAddress>[0];
}

describe("client address", () => {
  it("uses the socket address unless a proxy is trusted", () => {
    const r = req("::ffff:192.168.1.7", { "x-forwarded-for": "1.2.3.4" });
    assert.equal(clientAddress(r, false), "192.168.1.7");
    assert.equal(clientAddress(r, true), "1.2.3.4");
  });

  it("takes the proxy's own (right-most) entry, which a client cannot forge", () => {
    const r = req("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    assert.equal(clientAddress(r, true), "203.0.113.9");
    assert.equal(clientAddress(req("127.0.0.1", { "x-forwarded-for": "not-an-ip" }), true), "127.0.0.1");
  });

  it("counts IPv6 clients per /64 network", () => {
    assert.equal(clientKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    assert.equal(clientKey("2001:db8:1:2::99"), "2001:db8:1:2::/64");
    assert.equal(clientKey("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(clientKey("::1"), "0:0:0:0::/64");
    assert.equal(clientKey("10.1.2.3"), "10.1.2.3");
  });

  it("knows HTTPS from the socket, or from a trusted proxy", () => {
    assert.equal(isSecureRequest(req("1.1.1.1", {}, true), false), true);
    assert.equal(isSecureRequest(req("1.1.1.1", { "x-forwarded-proto": "https" }), false), false);
    assert.equal(isSecureRequest(req("1.1.1.1", { "x-forwarded-proto": "https,http" }), true), true);
  });
});
