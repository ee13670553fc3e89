// The package's own authority and the server certificate it signs: what iPhones, Android, Windows and
// browsers demand of them, file modes, and renewal 30 days before the end.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { RENEW_BEFORE_DAYS, ensureLocalCertificate } from "../../../src/tls/local-ca";
import { machineNames } from "../../../src/tls/machine-names";
import { tlsDir, tlsFile } from "../../../src/tls/paths";

const DAY_MS = 86_400_000;
const NAMES = { dns: ["pi", "pi.local", "localhost"], ips: ["127.0.0.1", "::1", "192.168.1.20", "100.101.102.103"] };

describe("the package's certificate authority (src/tls/local-ca)", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-ca-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("makes an authority iOS accepts: CA, critical basicConstraints, keyCertSign and cRLSign, SHA-256, RSA 2048", () => {
    const made = ensureLocalCertificate(dir, { names: NAMES });
    assert.equal(made.caCreated, true);
    const ca = forge.pki.certificateFromPem(made.caCert);
    const bc = ca.getExtension("basicConstraints") as { cA: boolean; critical: boolean };
    assert.equal(bc.cA, true);
    assert.equal(bc.critical, true);
    const ku = ca.getExtension("keyUsage") as { keyCertSign: boolean; cRLSign: boolean; critical: boolean };
    assert.equal(ku.keyCertSign && ku.cRLSign && ku.critical, true);
    assert.equal(forge.pki.oids[ca.siginfo.algorithmOid], "sha256WithRSAEncryption");
    const x = new X509Certificate(made.caCert);
    assert.equal(x.ca, true);
    assert.equal(x.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(readFileSync(tlsFile(dir, "caCert"), "utf8"), made.caCert);
  });

  it("signs a server certificate for every name and address, serverAuth, valid at most 397 days", () => {
    const made = ensureLocalCertificate(dir, { names: NAMES });
    const cert = new X509Certificate(made.cert);
    const ca = new X509Certificate(made.caCert);
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
    assert.equal(cert.ca, false);
    for (const name of NAMES.dns) assert.equal(cert.checkHost(name, { subject: "never" }), name);
    for (const ip of NAMES.ips) assert.equal(cert.checkIP(ip), ip);
    assert.equal(cert.checkHost("other.example"), undefined);
    assert.deepEqual(cert.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
    const days = (new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / DAY_MS;
    assert.ok(days <= 397, `valid for ${String(days)} days`);
    const f = forge.pki.certificateFromPem(made.cert);
    assert.equal(forge.pki.oids[f.siginfo.algorithmOid], "sha256WithRSAEncryption");
    assert.equal((f.getExtension("basicConstraints") as { cA?: boolean }).cA, false);
  });

  it("keeps the private keys to their owner: folder 0700, key files 0600", () => {
    ensureLocalCertificate(dir, { names: NAMES });
    assert.equal(statSync(tlsDir(dir)).mode & 0o777, 0o700);
    assert.equal(statSync(tlsFile(dir, "caKey")).mode & 0o777, 0o600);
    assert.equal(statSync(tlsFile(dir, "serverKey")).mode & 0o777, 0o600);
    assert.equal(statSync(tlsFile(dir, "caCert")).mode & 0o777, 0o644);
  });

  it("reuses the certificate until 30 days before its end, then renews it with the same authority", () => {
    const first = ensureLocalCertificate(dir, { names: NAMES });
    const end = first.validTo.getTime();
    const early = ensureLocalCertificate(dir, { names: NAMES, now: new Date(end - (RENEW_BEFORE_DAYS + 1) * DAY_MS) });
    assert.equal(early.issued, false);
    assert.equal(early.cert, first.cert);
    const late = ensureLocalCertificate(dir, { names: NAMES, now: new Date(end - (RENEW_BEFORE_DAYS - 1) * DAY_MS) });
    assert.equal(late.issued, true);
    assert.equal(late.caCreated, false);
    assert.equal(late.caCert, first.caCert);
    assert.ok(late.validTo.getTime() > end);
  });

  it("makes a new certificate when the machine gains an address, and when the key file is broken", () => {
    const first = ensureLocalCertificate(dir, { names: NAMES });
    const moved = ensureLocalCertificate(dir, { names: { ...NAMES, ips: [...NAMES.ips, "10.0.0.7"] } });
    assert.equal(moved.issued, true);
    assert.equal(new X509Certificate(moved.cert).checkIP("10.0.0.7"), "10.0.0.7");
    rmSync(tlsFile(dir, "serverKey"));
    const healed = ensureLocalCertificate(dir, { names: NAMES });
    assert.equal(healed.issued, true);
    assert.notEqual(healed.cert, first.cert);
  });
});

describe("machine names (src/tls/machine-names)", () => {
  it("lists the host name, its .local name, localhost and every address but link-local IPv6", () => {
    const names = machineNames("Pi4", {
      lo: [{ address: "127.0.0.1", family: "IPv4", internal: true, netmask: "", mac: "", cidr: null }],
      eth0: [
        { address: "192.168.1.20", family: "IPv4", internal: false, netmask: "", mac: "", cidr: null },
        { address: "fe80::1", family: "IPv6", internal: false, netmask: "", mac: "", cidr: null, scopeid: 2 },
      ],
      tailscale0: [{ address: "100.101.102.103", family: "IPv4", internal: false, netmask: "", mac: "", cidr: null }],
    });
    assert.deepEqual(names.dns, ["pi4", "pi4.local", "localhost"]);
    assert.deepEqual(names.ips, ["127.0.0.1", "::1", "192.168.1.20", "100.101.102.103"]);
  });
});
