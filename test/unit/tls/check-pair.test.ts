// Your own certificate: a mismatched key, an expired certificate and one for another host are each
// refused with a message that says what to do.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCertificatePair } from "../../../src/tls/check-pair";
import { makeCertificate } from "../../support/certificates";

const MACHINE = { dns: ["pi", "pi.local", "localhost"], ips: ["127.0.0.1", "192.168.1.20"] };

describe("checking your own certificate and key (src/tls/check-pair)", function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  let good: { cert: string; key: string };
  let other: { cert: string; key: string };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "nrs-pair-"));
    good = await makeCertificate({ commonName: "pi.local", days: 80 });
    other = await makeCertificate({ commonName: "pi.local", days: 80 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a matching, valid certificate for this machine", () => {
    const check = checkCertificatePair(file("c.pem", good.cert), file("k.pem", good.key), { machine: MACHINE });
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.matchedNames, ["pi.local"]);
    assert.ok((check.daysLeft ?? 0) >= 79);
  });

  it("refuses a key that belongs to another certificate", () => {
    const check = checkCertificatePair(file("c.pem", good.cert), file("k2.pem", other.key), { machine: MACHINE });
    assert.equal(check.problems.length, 1);
    assert.match(
      check.problems[0] ?? "",
      /^The key .*k2\.pem does not belong to the certificate .*c\.pem: their public keys differ/,
    );
  });

  it("refuses an expired certificate, naming the day", async () => {
    const old = await makeCertificate({ commonName: "pi.local", days: -3 });
    const check = checkCertificatePair(file("old.pem", old.cert), file("oldk.pem", old.key), { machine: MACHINE });
    assert.equal(check.problems.length, 1);
    assert.match(check.problems[0] ?? "", /^The certificate expired on \d{4}-\d{2}-\d{2}: renew it/);
  });

  it("refuses a certificate for another host unless that name is given", async () => {
    const elsewhere = await makeCertificate({ commonName: "nodered.example.com" });
    const c = file("e.pem", elsewhere.cert);
    const k = file("ek.pem", elsewhere.key);
    const check = checkCertificatePair(c, k, { machine: MACHINE });
    assert.equal(check.problems.length, 1);
    assert.match(
      check.problems[0] ?? "",
      /^The certificate is for .*nodered\.example\.com.*, not for this machine \(pi, pi\.local, localhost, 127\.0\.0\.1, 192\.168\.1\.20\)\. .*--name/,
    );
    assert.deepEqual(checkCertificatePair(c, k, { machine: MACHINE, names: ["nodered.example.com"] }).problems, []);
  });

  it("says which file cannot be read or is not what it should be", () => {
    const missing = checkCertificatePair(join(dir, "none.pem"), file("k.pem", good.key), { machine: MACHINE });
    assert.deepEqual(missing.problems, [`The certificate ${join(dir, "none.pem")} cannot be read: no such file.`]);
    const swapped = checkCertificatePair(file("k.pem", good.key), file("c.pem", good.cert), { machine: MACHINE });
    assert.match(swapped.problems.join(" "), /k\.pem is not a certificate.*c\.pem is not a private key/);
  });

  it("says it in the editor's language: German and Japanese for a mismatched key, an expired and a foreign certificate", async () => {
    const old = await makeCertificate({ commonName: "pi.local", days: -3 });
    const elsewhere = await makeCertificate({ commonName: "nodered.example.com" });
    const pairs = [
      [file("c.pem", good.cert), file("k2.pem", other.key)],
      [file("old.pem", old.cert), file("oldk.pem", old.key)],
      [file("e.pem", elsewhere.cert), file("ek.pem", elsewhere.key)],
      [join(dir, "none.pem"), file("k.pem", good.key)],
    ] as const;
    const inLang = (lang: "de" | "ja"): string[] =>
      pairs.flatMap(([c, k]) => checkCertificatePair(c, k, { machine: MACHINE, lang }).problems);
    const de = inLang("de");
    assert.match(de[0] ?? "", /^Der Schlüssel .*k2\.pem gehört nicht zum Zertifikat .*c\.pem/);
    assert.match(de[1] ?? "", /^Das Zertifikat ist am \d{4}-\d{2}-\d{2} abgelaufen/);
    assert.match(de[2] ?? "", /^Das Zertifikat lautet auf .*nodered\.example\.com.*, nicht auf diesen Rechner \(pi, /);
    assert.equal(de[3], `Das Zertifikat ${join(dir, "none.pem")} kann nicht gelesen werden: Datei nicht vorhanden.`);
    const ja = inLang("ja");
    assert.match(ja[0] ?? "", /^秘密鍵 .*k2\.pem は証明書 .*c\.pem のものではありません/);
    assert.match(ja[1] ?? "", /^証明書は \d{4}-\d{2}-\d{2} に期限切れ/);
    assert.match(ja[2] ?? "", /このマシン \(pi, pi\.local/);
    assert.equal(ja.length, 4);
  });
});
