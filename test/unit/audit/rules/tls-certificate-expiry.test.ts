import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-certificate-expiry";
import { makeCertificate } from "../../../support/certificates";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureLocalCertificate } from "../../../../src/tls/local-ca";
import { https } from "../../../../src/tls/https-setting";
import { judge } from "../../../support/audit";

const DAY_MS = 86_400_000;

describe("NRS-TLS-002 certificate expiry", function () {
  this.timeout(60_000);
  let cert: string;
  let validTo: Date;
  before(async () => {
    cert = (await makeCertificate({ commonName: "pi.home", keyType: "ec", days: 60 })).cert;
    validTo = new Date(Date.now() + 60 * DAY_MS);
  });

  /** Judges the certificate as if scanned `daysBefore` days before it expires. */
  async function at(daysBefore: number): ReturnType<typeof judge> {
    const now = new Date(validTo.getTime() - daysBefore * DAY_MS);
    return judge(rule, { https: { cert } }, { certificate: { raw: cert, source: "settings" }, now });
  }

  it("is critical once expired, naming the date", async () => {
    const f = await at(-2.5);
    assert.equal(f?.severity, "critical");
    assert.equal(f.title, "The HTTPS certificate has expired");
    assert.match(f.details?.[0] ?? "", /^Expired on \d{4}-\d{2}-\d{2} \(3 days ago\)$/);
    assert.match(f.details?.[1] ?? "", /^Certificate for CN=pi\.home, issued by CN=pi\.home$/);
  });

  it("is high under 7 days, medium under 21", async () => {
    const soon = await at(5.5);
    assert.equal(soon?.severity, "high");
    assert.equal(soon.title, "The HTTPS certificate expires in 5 days");
    assert.equal((await at(6.5))?.severity, "high");
    const medium = await at(20.5);
    assert.equal(medium?.severity, "medium");
    assert.match(medium.details?.[0] ?? "", /\(20 days left\)/);
  });

  it("passes with the date when 21 days or more are left", async () => {
    const f = await at(21.5);
    assert.equal(f?.severity, "pass");
    assert.match(f.title, /^The HTTPS certificate is valid until \d{4}-\d{2}-\d{2}$/);
    assert.equal((await at(59))?.severity, "pass");
  });

  it("says nothing without a readable certificate", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(
      await judge(rule, { https: { cert: "c" } }, { certificate: { raw: "c", source: "settings" } }),
      undefined,
    );
  });
});

describe("NRS-TLS-002 with a certificate security.https() renews", function () {
  this.timeout(60_000);
  let dir: string;
  let made: ReturnType<typeof ensureLocalCertificate>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-tls002-"));
    made = ensureLocalCertificate(dir, { names: { dns: ["pi", "pi.local", "localhost"], ips: ["127.0.0.1"] } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function at(daysBefore: number, settings: Record<string, unknown>): ReturnType<typeof judge> {
    const now = new Date(made.validTo.getTime() - daysBefore * DAY_MS);
    return judge(rule, settings, {
      certificate: { raw: made.cert, source: "server" },
      localCaCert: made.caCert,
      now,
    });
  }

  it("is no warning near the end when the package renews it on Node-RED's refresh", async () => {
    const f = await at(15.5, { https: https({ userDir: dir }), httpsRefreshInterval: 12 });
    assert.equal(f?.severity, "pass");
    assert.equal(f.title, "The HTTPS certificate is renewed by itself");
    assert.match(f.details?.[1] ?? "", /30 days before the end \(checked every 12 hours\)/);
  });

  it("still warns without httpsRefreshInterval, when a renewal is overdue, or once expired", async () => {
    assert.equal((await at(15.5, { https: https({ userDir: dir }) }))?.severity, "medium");
    assert.equal((await at(5.5, { https: https({ userDir: dir }), httpsRefreshInterval: 12 }))?.severity, "high");
    assert.equal((await at(-1.5, { https: https({ userDir: dir }), httpsRefreshInterval: 12 }))?.severity, "critical");
  });

  it("warns for the same certificate served by a plain https function", async () => {
    const f = await at(15.5, { https: () => ({}), httpsRefreshInterval: 12 });
    assert.equal(f?.severity, "medium");
  });
});
