import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-self-signed";
import { makeCertificate, type TestCertificate } from "../../../support/certificates";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureLocalCertificate } from "../../../../src/tls/local-ca";
import { judge } from "../../../support/audit";

describe("NRS-TLS-003 self-signed certificate", function () {
  this.timeout(60_000);
  let own: TestCertificate;
  let signed: TestCertificate;
  before(async () => {
    own = await makeCertificate({ commonName: "pi.home" });
    const ca = await makeCertificate({ commonName: "Home CA", isCa: true });
    signed = await makeCertificate({ commonName: "pi.home", ca });
  });

  it("is info for a self-signed certificate, with advice and the names", async () => {
    const f = await judge(rule, {}, { certificate: { raw: own.cert, source: "server" } });
    assert.equal(f?.severity, "info");
    assert.equal(f.penalty, 0);
    assert.match(f.details?.[0] ?? "", /CN=pi\.home, issued by CN=pi\.home/);
    assert.match(f.details?.[1] ?? "", /running server presents/);
    assert.match(f.fix.join(" "), /Let's Encrypt/);
    assert.match(f.snippet ?? "", /httpsRefreshInterval: 12/);
  });

  it("passes a certificate signed by an authority", async () => {
    const f = await judge(rule, {}, { certificate: { raw: signed.cert, source: "settings" } });
    assert.equal(f?.severity, "pass");
    assert.match(f.details?.[0] ?? "", /issued by CN=Home CA/);
  });

  it("passes a certificate of this Node-RED's own authority, saying how devices trust it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nrs-tls003-"));
    try {
      const made = ensureLocalCertificate(dir, { names: { dns: ["pi"], ips: ["127.0.0.1"] } });
      const f = await judge(rule, {}, { certificate: { raw: made.cert, source: "server" }, localCaCert: made.caCert });
      assert.equal(f?.severity, "pass");
      assert.equal(f.title, "The HTTPS certificate comes from this Node-RED's own certificate authority");
      assert.match(f.details?.[0] ?? "", /install the authority's certificate/);
      // Another authority's certificate is judged as before.
      const other = await judge(
        rule,
        {},
        { certificate: { raw: signed.cert, source: "server" }, localCaCert: made.caCert },
      );
      assert.equal(other?.title, "The HTTPS certificate is issued by a certificate authority");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says nothing without a certificate", async () => {
    assert.equal(await judge(rule, { https: { key: "k", cert: "c" } }), undefined);
  });
});
