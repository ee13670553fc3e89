import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/exposure-sidebar-request";
import type { RequestInput } from "../../../../src/audit";
import { judge } from "../../../support/audit";

const req = (remoteAddress: string, encrypted: boolean, headers: Record<string, unknown> = {}): RequestInput => ({
  remoteAddress,
  encrypted,
  headers,
});

describe("NRS-NET-005 how the sidebar was reached", () => {
  it("is high over plain HTTP from another machine", async () => {
    const f = await judge(rule, {}, { source: "runtime", request: req("192.168.1.50", false) });
    assert.equal(f?.severity, "high");
    assert.match(f.details?.[0] ?? "", /from 192\.168\.1\.50 over plain HTTP/);
  });

  it("is high when the proxy says the browser spoke plain HTTP", async () => {
    const f = await judge(
      rule,
      { httpServerOptions: { "trust proxy": "loopback" } },
      { request: req("127.0.0.1", false, { "x-forwarded-for": "203.0.113.9, 10.0.0.1", "x-forwarded-proto": "http" }) },
    );
    assert.equal(f?.severity, "high");
    assert.match(f.details?.[0] ?? "", /203\.0\.113\.9 reached it over plain HTTP/);
  });

  it("is info with advice through a proxy that is not declared", async () => {
    const f = await judge(
      rule,
      {},
      { request: req("127.0.0.1", false, { forwarded: 'for="[2001:db8::1]:4711";proto=https' }) },
    );
    assert.equal(f?.severity, "info");
    assert.match(f.title, /not told about/);
    assert.match(f.details?.[0] ?? "", /Proxy headers seen: forwarded \(from 127\.0\.0\.1\)/);
    assert.match(f.snippet ?? "", /"trust proxy"/);
  });

  it("believes no undeclared proxy headers on plain HTTP from another machine: anyone can send them", async () => {
    const forged = await judge(
      rule,
      {},
      { request: req("192.168.1.50", false, { "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" }) },
    );
    assert.equal(forged?.severity, "high");
    assert.match(forged.details?.[0] ?? "", /from 192\.168\.1\.50 over plain HTTP/);
    assert.match(forged.details?.[1] ?? "", /Proxy headers seen: x-forwarded-for, x-forwarded-proto/);
    // Declared, the same proxy's word counts.
    const declared = await judge(
      rule,
      { httpServerOptions: { "trust proxy": "192.168.1.50" } },
      { request: req("192.168.1.50", false, { "x-forwarded-proto": "https", "x-forwarded-for": "10.0.0.7" }) },
    );
    assert.equal(declared?.severity, "pass");
  });

  it("passes over TLS, from this machine, and through a declared HTTPS proxy", async () => {
    assert.equal((await judge(rule, {}, { request: req("192.168.1.50", true) }))?.severity, "pass");
    assert.equal((await judge(rule, {}, { request: req("::ffff:127.0.0.1", false) }))?.severity, "pass");
    const proxied = await judge(
      rule,
      { requireHttps: true },
      { request: req("127.0.0.1", false, { "x-forwarded-for": "192.168.1.50", "x-forwarded-proto": "https" }) },
    );
    assert.equal(proxied?.severity, "pass");
    assert.match(proxied.title, /declared proxy/);
  });

  it("says nothing without a request (the CLI), and survives strange headers", async () => {
    assert.equal(await judge(rule, {}), undefined);
    const odd = await judge(
      rule,
      {},
      { request: { remoteAddress: "10.0.0.2", encrypted: false, headers: "nonsense" } },
    );
    assert.equal(odd?.severity, "high");
    const list = await judge(rule, {}, { request: req("127.0.0.1", false, { "x-forwarded-proto": ["https"] }) });
    assert.equal(list?.severity, "info");
  });
});
