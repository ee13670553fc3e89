// security.https(): the function Node-RED calls at start and on every refresh. It never throws; without
// a usable certificate it returns nothing (Node-RED then serves plain HTTP) and says why, once.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { https, isPackageHttps } from "../../../src/tls/https-setting";
import { clearStatus, readStatus } from "../../../src/tls/status";
import { tlsFile } from "../../../src/tls/paths";
import { makeCertificate } from "../../support/certificates";

function capture<T>(fn: () => T): { value: T; lines: string[] } {
  const lines: string[] = [];
  const log = console.log;
  const warn = console.warn;
  console.log = (line: string) => lines.push(line);
  console.warn = (line: string) => lines.push(line);
  try {
    return { value: fn(), lines };
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

describe("security.https() (src/tls/https-setting)", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-https-"));
    clearStatus();
  });
  afterEach(() => {
    clearStatus();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves a certificate of the package's authority, made on first use, and records it", () => {
    const fn = https({ userDir: dir });
    assert.ok(isPackageHttps(fn));
    const { value, lines } = capture(() => fn());
    assert.ok(value);
    assert.ok(new X509Certificate(value.cert).checkIssued(new X509Certificate(readFileSync(tlsFile(dir, "caCert")))));
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? "",
      /\[info\] \[security\] HTTPS with a new certificate of this Node-RED's own authority, valid until/,
    );
    const status = readStatus(dir);
    assert.equal(status?.state, "on");
    assert.equal(status.source, "local-ca");
    // The same text every time: Node-RED only swaps the certificate when it changed.
    assert.equal(capture(() => fn()).value?.cert, value.cert);
  });

  it("returns nothing for missing files, logging one clear line, and the status says why", () => {
    const fn = https({ userDir: dir, cert: join(dir, "fullchain.pem"), key: join(dir, "privkey.pem") });
    const first = capture(() => fn());
    assert.equal(first.value, undefined);
    assert.equal(first.lines.length, 1);
    assert.match(
      first.lines[0] ?? "",
      /\[error\] \[security\] HTTPS is off: The certificate .*fullchain\.pem cannot be read: no such file\. .* Node-RED is served over plain HTTP/,
    );
    assert.equal(readStatus(dir)?.state, "off");
    assert.match(readStatus(dir)?.reason ?? "", /fullchain\.pem cannot be read/);
    clearStatus();
    assert.equal(readStatus(dir)?.state, "off", "the status file holds it for the CLI");
    // A refresh that fails the same way says so without repeating the start's line.
    const again = capture(() => fn());
    assert.equal(again.value, undefined);
    assert.match(again.lines[0] ?? "", /could not be read again: .* The current one stays in use\./);
  });

  it("returns nothing for a key that does not match, and for bad options, instead of throwing", async () => {
    const a = await makeCertificate({ commonName: "localhost" });
    const b = await makeCertificate({ commonName: "localhost" });
    writeFileSync(join(dir, "c.pem"), a.cert);
    writeFileSync(join(dir, "k.pem"), b.key);
    const mismatched = capture(() => https({ userDir: dir, cert: "c.pem", key: "k.pem" })());
    assert.equal(mismatched.value, undefined);
    assert.match(mismatched.lines[0] ?? "", /does not belong to the certificate/);
    const bad = capture(() => https({ userDir: dir, cert: "c.pem" })());
    assert.equal(bad.value, undefined);
    assert.match(bad.lines[0] ?? "", /give both cert and key/);
  });

  it("serves your own files, read again on every call so a renewal is picked up", async () => {
    const a = await makeCertificate({ commonName: "localhost" });
    writeFileSync(join(dir, "c.pem"), a.cert);
    writeFileSync(join(dir, "k.pem"), a.key);
    const fn = https({ userDir: dir, cert: "c.pem", key: "k.pem" });
    assert.equal(capture(() => fn()).value?.cert, a.cert);
    const renewed = await makeCertificate({ commonName: "localhost" });
    writeFileSync(join(dir, "c.pem"), renewed.cert);
    writeFileSync(join(dir, "k.pem"), renewed.key);
    const next = capture(() => fn()).value;
    assert.equal(next?.cert, renewed.cert);
    assert.equal(next.key, renewed.key);
    assert.equal(fn.currentCertificate(), renewed.cert);
  });
});
