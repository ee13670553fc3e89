import assert from "node:assert/strict";
import { clientAddress, clientKey, clientKeyOf, isSecureRequest } from "../../../src/gate/client-address";

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

  it("keys a connection by its socket's address, and reads a trusted proxy's header at every request", () => {
    const socket = { remoteAddress: "::ffff:192.168.1.7" };
    const on = (headers: Record<string, string>) =>
      ({ headers, socket }) as unknown as Parameters<typeof clientKeyOf>[0];
    assert.equal(clientKeyOf(on({ "x-forwarded-for": "1.2.3.4" }), false), "192.168.1.7");
    assert.equal(clientKeyOf(on({ "x-forwarded-for": "5.6.7.8" }), false), "192.168.1.7");
    assert.equal(clientKeyOf(on({ "x-forwarded-for": "1.2.3.4" }), true), "1.2.3.4");
    assert.equal(clientKeyOf(on({ "x-forwarded-for": "2001:db8:1:2::9" }), true), "2001:db8:1:2::/64");
    assert.equal(clientKeyOf(req("2001:db8:7:7::1"), false), "2001:db8:7:7::/64");
    const closed = { headers: {}, socket: {} } as unknown as Parameters<typeof clientKeyOf>[0];
    assert.equal(clientKeyOf(closed, false), "");
    (closed.socket as { remoteAddress?: string }).remoteAddress = "10.0.0.1";
    assert.equal(clientKeyOf(closed, false), "10.0.0.1", "an empty address is not remembered");
  });

  it("knows HTTPS from the socket, or from a trusted proxy", () => {
    assert.equal(isSecureRequest(req("1.1.1.1", {}, true), false), true);
    assert.equal(isSecureRequest(req("1.1.1.1", { "x-forwarded-proto": "https" }), false), false);
    assert.equal(isSecureRequest(req("1.1.1.1", { "x-forwarded-proto": "https,http" }), true), true);
  });
});
