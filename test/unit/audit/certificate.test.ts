import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { certificateFromHttpsSetting, describeCertificate } from "../../../src/audit/certificate";
import { makeCertificate, type TestCertificate } from "../../support/certificates";

describe("certificate facts", function () {
  this.timeout(60_000);
  let weak: TestCertificate;
  let ca: TestCertificate;
  let signed: TestCertificate;
  let ec: TestCertificate;
  before(async () => {
    weak = await makeCertificate({ commonName: "pi.home", keySize: 1024, days: 5 });
    ca = await makeCertificate({ commonName: "Test CA", isCa: true });
    signed = await makeCertificate({ commonName: "nodered.example.com", ca, days: -3 });
    ec = await makeCertificate({ keyType: "ec", curve: "P-384" });
  });

  it("reads subject, issuer, dates and key of a self-signed RSA certificate, as PEM text or a Buffer", () => {
    const now = new Date();
    const facts = describeCertificate(weak.cert, "settings", now);
    assert.ok(facts);
    assert.equal(facts.subject, "CN=pi.home");
    assert.equal(facts.issuer, "CN=pi.home");
    assert.equal(facts.selfSigned, true);
    assert.equal(facts.keyType, "rsa");
    assert.equal(facts.keyBits, 1024);
    assert.equal(facts.validTo, new Date(new X509Certificate(weak.cert).validTo).toISOString());
    assert.ok(facts.daysLeft === 4 || facts.daysLeft === 5, String(facts.daysLeft));
    assert.deepEqual(describeCertificate(Buffer.from(weak.cert), "settings", now), facts);
    // A chain (list) is read by its first entry, the server's own certificate.
    assert.deepEqual(describeCertificate([weak.cert, ca.cert], "settings", now), facts);
  });

  it("tells a CA-signed certificate from a self-signed one, and counts expired days as negative", () => {
    const facts = describeCertificate(signed.cert, "server", new Date());
    assert.equal(facts?.selfSigned, false);
    assert.equal(facts.issuer, "CN=Test CA");
    assert.ok(facts.daysLeft <= -3 && facts.daysLeft >= -4, String(facts.daysLeft));
    assert.equal(facts.source, "server");
  });

  it("names the curve and size of an EC key", () => {
    const facts = describeCertificate(ec.cert, "server", new Date());
    assert.equal(facts?.keyType, "ec");
    assert.equal(facts.curve, "secp384r1");
    assert.equal(facts.keyBits, 384);
  });

  it("never carries key material", () => {
    const text = JSON.stringify(describeCertificate(weak.cert, "settings", new Date()));
    assert.ok(!text.includes("PRIVATE"));
    assert.ok(!text.includes(weak.key.split("\n")[1] ?? "unreachable"));
  });

  it("returns nothing for what is not a certificate, without throwing", () => {
    for (const raw of ["c", "", 42, null, undefined, {}, [], [7], Buffer.from("junk"), weak.key]) {
      assert.equal(describeCertificate(raw, "settings", new Date()), undefined, typeof raw);
    }
  });

  describe("from settings.https", () => {
    it("takes the cert of an object, and of what a function or async function returns", async () => {
      assert.equal((await certificateFromHttpsSetting({ key: weak.key, cert: weak.cert })).cert, weak.cert);
      let calls = 0;
      const fn = (): unknown => {
        calls++;
        return { key: weak.key, cert: weak.cert };
      };
      assert.equal((await certificateFromHttpsSetting(fn)).cert, weak.cert);
      assert.equal(calls, 1);
      assert.equal((await certificateFromHttpsSetting(() => Promise.resolve({ cert: ec.cert }))).cert, ec.cert);
    });

    it("says why when there is no certificate, never throwing and never echoing the error", async () => {
      assert.deepEqual(await certificateFromHttpsSetting(undefined), {});
      assert.match((await certificateFromHttpsSetting({ pfx: "x" })).note ?? "", /no cert/);
      const failed = await certificateFromHttpsSetting(() => {
        throw new Error("secret-path-or-value");
      });
      assert.match(failed.note ?? "", /failed/);
      assert.ok(!JSON.stringify(failed).includes("secret-path-or-value"));
      assert.match((await certificateFromHttpsSetting(() => Promise.reject(new Error("x")))).note ?? "", /failed/);
      assert.match((await certificateFromHttpsSetting(() => "nope")).note ?? "", /no options object/);
    });

    it("gives up on a function that never answers", async function () {
      this.timeout(10_000);
      const note = (await certificateFromHttpsSetting(() => new Promise(() => undefined))).note;
      assert.match(note ?? "", /too long/);
    });
  });
});
