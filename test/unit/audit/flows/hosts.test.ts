import assert from "node:assert/strict";
import { hostOnly, isLocalHost, plainHttpHost } from "../../../../src/audit/flows/hosts";

describe("local and internet hosts", () => {
  it("treats loopback, private ranges and LAN names as local", () => {
    for (const h of [
      "localhost",
      "127.0.0.1",
      "::1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.1",
      "192.168.1.20",
      "169.254.1.1",
      "fd12::1",
      "fe80::1",
      "[fe80::1%eth0]",
      "printer.local",
      "nas.lan",
      "hub.home.arpa",
      "mosquitto",
      "100.100.1.1",
    ]) {
      assert.ok(isLocalHost(h), h);
    }
  });

  it("treats public addresses and names as the internet", () => {
    for (const h of ["8.8.8.8", "172.32.0.1", "192.169.1.1", "2001:db8::1", "api.example.com", "broker.hivemq.com"]) {
      assert.ok(!isLocalHost(h), h);
    }
  });

  it("reads the host of a literal http:// URL, never its credentials", () => {
    assert.equal(plainHttpHost("http://bob:secret@api.example.com:8080/x"), "api.example.com:8080");
    assert.equal(plainHttpHost("https://api.example.com"), undefined);
    assert.equal(plainHttpHost("http://{{host}}/x"), undefined);
    assert.equal(plainHttpHost("http://"), undefined);
    assert.equal(hostOnly("api.example.com:8080"), "api.example.com");
    assert.equal(hostOnly("[2001:db8::1]:80"), "2001:db8::1");
  });
});
