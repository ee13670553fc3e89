// `fix https` on the command line: the package's own certificate, or your files checked first; a
// mismatched key, an expired certificate, a wrong host, an active https key, a settings.js that does
// not load or cannot be written are each refused with a clear message and nothing written.
import assert from "node:assert/strict";
import {
  chmodSync,
  chownSync,
  statSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SETTINGS, runCli, whileUnwritable } from "../../support/cli";
import { makeCertificate } from "../../support/certificates";
import { userDirWithPackage } from "../../support/node-red";

describe("CLI fix https", function () {
  this.timeout(60_000);
  let dir: string;
  let settingsFile: string;
  beforeEach(() => {
    dir = userDirWithPackage("nrs-fix-https-");
    settingsFile = join(dir, "settings.js");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function untouched(): void {
    assert.equal(readFileSync(settingsFile, "utf8"), readFileSync(DEFAULT_SETTINGS, "utf8"));
    assert.deepEqual(
      readdirSync(dir).sort(),
      ["node_modules", "settings.js"],
      "no backup, no certificate, no temporary file",
    );
  }

  it("makes the certificate and edits settings.js: backup, diff, restart advice", async () => {
    const res = await runCli(["fix", "https", dir]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      /^Certificate: from this Node-RED's own authority, valid until \d{4}-\d{2}-\d{2}, for\n {2}.*localhost, 127\.0\.0\.1, ::1/,
    );
    assert.ok(res.stdout.includes(join(dir, "security", "tls", "ca.pem")));
    assert.match(
      res.stdout,
      new RegExp(
        `\\+ {4}https: require\\("node-red-contrib-security"\\)\\.https\\(\\{ userDir: ${JSON.stringify(dir).replace(/[/.]/g, "\\$&")} \\}\\),`,
      ),
    );
    assert.match(res.stdout, /\+ {4}httpsRefreshInterval: 12,/);
    assert.match(res.stdout, /Restart Node-RED to switch to HTTPS\. /);
    const backups = readdirSync(dir).filter((f) => f.startsWith("settings.js.backup-"));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(dir, backups[0] ?? ""), "utf8"), readFileSync(DEFAULT_SETTINGS, "utf8"));
    assert.ok(existsSync(join(dir, "security", "tls", "server.pem")));
    // Run again: https is now active and is not overwritten.
    const again = await runCli(["fix", "https", dir]);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /already sets https on line \d+: it is not overwritten\. Change that line to: https: require/,
    );
    // In a German terminal the refusal is German, with the same line to put there.
    const german = await runCli(["fix", "https", dir], undefined, { LC_ALL: "", LC_MESSAGES: "", LANG: "de_DE.UTF-8" });
    assert.equal(german.code, 2);
    assert.match(
      german.stderr,
      /setzt https bereits in Zeile \d+: Die Einstellung wird nicht überschrieben\. Ändern Sie diese Zeile in: https: require/,
    );
  });

  it("uses your own certificate when it matches, is valid and names this host", async () => {
    const own = await makeCertificate({ commonName: "localhost", days: 80 });
    writeFileSync(join(dir, "..", `${dir.split("/").pop() ?? ""}-c.pem`), own.cert);
    const cert = join(dir, "..", `${dir.split("/").pop() ?? ""}-c.pem`);
    const key = `${cert}.key`;
    writeFileSync(key, own.key);
    try {
      const res = await runCli(["fix", "https", dir, "--cert", cert, "--key", key]);
      assert.equal(res.code, 0, res.stderr);
      assert.match(
        res.stdout,
        /^Certificate: CN=localhost, issued by CN=localhost\n {2}valid until .*, names localhost(, 127\.0\.0\.1)?\n/,
      );
      const settings = createRequire(settingsFile)(settingsFile) as Record<string, unknown>;
      assert.equal(typeof settings.https, "function");
      assert.ok(
        readFileSync(settingsFile, "utf8").includes(`cert: ${JSON.stringify(cert)}, key: ${JSON.stringify(key)}`),
      );
    } finally {
      rmSync(cert, { force: true });
      rmSync(key, { force: true });
    }
  });

  it("refuses a mismatched key, an expired certificate and a wrong host, each saying why", async () => {
    const a = await makeCertificate({ commonName: "localhost" });
    const b = await makeCertificate({ commonName: "localhost" });
    const old = await makeCertificate({ commonName: "localhost", days: -2 });
    const elsewhere = await makeCertificate({ commonName: "nodered.example.com" });
    const other = mkdtempSync(join(tmpdir(), "nrs-fix-own-"));
    const put = (name: string, text: string): string => {
      writeFileSync(join(other, name), text);
      return join(other, name);
    };
    try {
      const cases: [string, string, RegExp][] = [
        [
          put("a.pem", a.cert),
          put("b.key", b.key),
          /does not belong to the certificate .*a\.pem: their public keys differ/,
        ],
        [put("old.pem", old.cert), put("old.key", old.key), /The certificate expired on \d{4}-\d{2}-\d{2}/],
        [
          put("e.pem", elsewhere.cert),
          put("e.key", elsewhere.key),
          /is for nodered\.example\.com, not for this machine .*--name/,
        ],
      ];
      for (const [cert, key, message] of cases) {
        const res = await runCli(["fix", "https", dir, "--cert", cert, "--key", key]);
        assert.equal(res.code, 2, res.stdout);
        assert.match(res.stderr, /^node-red-contrib-security: The certificate cannot be used: /);
        assert.match(res.stderr, message);
        untouched();
      }
      // In a German terminal, the same refusal in German.
      const german = await runCli(
        ["fix", "https", dir, "--cert", join(other, "old.pem"), "--key", join(other, "old.key")],
        undefined,
        {
          LC_ALL: "",
          LC_MESSAGES: "",
          LANG: "de_DE.UTF-8",
        },
      );
      assert.equal(german.code, 2);
      assert.match(
        german.stderr,
        /^node-red-contrib-security: Das Zertifikat kann nicht verwendet werden: Das Zertifikat ist am \d{4}-\d{2}-\d{2} abgelaufen/,
      );
      untouched();
      const named = await runCli([
        "fix",
        "https",
        dir,
        "--cert",
        join(other, "e.pem"),
        "--key",
        join(other, "e.key"),
        "--name",
        "nodered.example.com",
      ]);
      assert.equal(named.code, 0, named.stderr);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("refuses a settings.js that does not load, writing nothing", async () => {
    writeFileSync(settingsFile, "module.exports = {\n  uiPort: 1880,,\n};\n");
    const res = await runCli(["fix", "https", dir]);
    assert.equal(res.code, 2);
    assert.match(
      res.stderr,
      /settings\.js does not load as it is \(Unexpected token.*\): nothing was changed\. Fix it first\./,
    );
    assert.deepEqual(readdirSync(dir).sort(), ["node_modules", "settings.js"]);
  });

  it("says to install the package in the user directory when settings.js could not find it", async () => {
    rmSync(join(dir, "node_modules"), { recursive: true });
    const res = await runCli(["fix", "https", dir]);
    assert.equal(res.code, 2);
    assert.match(
      res.stderr,
      /Cannot find module 'node-red-contrib-security'.*\nInstall the package where Node-RED finds it first: cd .* && npm install node-red-contrib-security\n$/,
    );
    assert.equal(readFileSync(settingsFile, "utf8"), readFileSync(DEFAULT_SETTINGS, "utf8"));
    assert.ok(!readdirSync(dir).some((f) => f.startsWith("settings.js.")), "no backup, no temporary file");
  });

  it("refuses a settings.js it may not write, writing nothing", async function () {
    chmodSync(dir, 0o755);
    chmodSync(settingsFile, 0o644);
    const res = await whileUnwritable(settingsFile, () => runCli(["fix", "https", dir]));
    assert.equal(res.code, 2, res.stdout);
    assert.match(
      res.stderr,
      /settings\.js \(or its folder\) cannot be written by the user Node-RED runs as: nothing was changed/,
    );
    untouched();
  });

  it("run as root for another user's Node-RED, leaves settings.js and the certificate files that user's", async function () {
    if (process.getuid?.() !== 0) {
      // Only root can give files to another user; the code path exists only for root (sudo).
      console.warn("    skipped: needs to run as root");
      this.skip();
    }
    chownSync(dir, 65534, 65534);
    chownSync(settingsFile, 65534, 65534);
    const res = await runCli(["fix", "https", dir]);
    assert.equal(res.code, 0, res.stderr);
    for (const path of [settingsFile, join(dir, "security", "tls"), join(dir, "security", "tls", "server-key.pem")]) {
      assert.equal(statSync(path).uid, 65534, path);
    }
    const backup = readdirSync(dir).find((f) => f.startsWith("settings.js.backup-")) ?? "";
    assert.equal(statSync(join(dir, backup)).uid, 65534);
  });

  it("says how to call it", async () => {
    const res = await runCli(["fix", "https", dir, "--cert", "x.pem"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--cert and --key go together/);
    const help = await runCli(["--help"]);
    assert.match(help.stdout, /fix https \[userDir\]/);
  });
});
