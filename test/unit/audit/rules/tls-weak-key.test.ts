import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/tls-weak-key";
import { makeCertificate } from "../../../support/certificates";
import { judge } from "../../../support/audit";

describe("NRS-TLS-004 weak certificate key", function () {
  this.timeout(60_000);
  const certs: Record<string, string> = {};
  before(async () => {
    certs.rsa1024 = (await makeCertificate({ keySize: 1024 })).cert;
    certs.rsa2048 = (await makeCertificate({ keySize: 2048 })).cert;
    certs.p256 = (await makeCertificate({ keyType: "ec", curve: "P-256" })).cert;
  });

  const judgeCert = (raw: string | undefined): ReturnType<typeof judge> =>
    judge(rule, {}, { certificate: { raw, source: "server" } });

  it("is high for an RSA key under 2048 bits", async () => {
    const f = await judgeCert(certs.rsa1024);
    assert.equal(f?.severity, "high");
    const [size, names] = f.details ?? [];
    assert.equal(size, "RSA key of 1024 bits: at least 2048 bits are needed");
    assert.match(names ?? "", /^Certificate for CN=localhost/);
  });

  it("passes RSA 2048 and EC P-256", async () => {
    const rsa = await judgeCert(certs.rsa2048);
    assert.equal(rsa?.severity, "pass");
    assert.equal(rsa.details?.[0], "RSA key of 2048 bits");
    const ec = await judgeCert(certs.p256);
    assert.equal(ec?.severity, "pass");
    assert.equal(ec.details?.[0], "EC (prime256v1) key of 256 bits");
  });

  it("says nothing without a certificate", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });
});
