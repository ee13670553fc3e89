import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Text } from "../../../src/i18n/messages";
import { loadInstanceInfo } from "../../../src/cli/instance-info";
import { translator } from "../../../src/i18n/catalog";

const english = (notes: Text[]): string[] => notes.map(translator("findings.json", "en-US"));
import { makeCertificate } from "../../support/certificates";

describe("CLI instance info", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-cli-info-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function install(name: string, version: string): void {
    const pkg = join(dir, "node_modules", name);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name, version }));
  }

  it("reads https.cert, and the versions of Node-RED and node-red-dashboard in the user directory", async () => {
    const { cert, key } = await makeCertificate();
    install("node-red", "3.1.9");
    install("node-red-dashboard", "2.26.1");
    const notes: Text[] = [];
    const info = await loadInstanceInfo(dir, { https: { key, cert } }, notes);
    assert.deepEqual(info.certificate, { raw: cert, source: "settings" });
    assert.equal(info.nodeRedVersion, "3.1.9");
    assert.deepEqual(
      info.packages.map((p) => [p.name, p.version]),
      [["node-red-dashboard", "2.26.1"]],
    );
    assert.deepEqual(english(notes), [
      "The Node.js that runs Node-RED is unknown here: its support status was not checked; the Security sidebar checks it.",
    ]);
  });

  it("notes what it could not find", async () => {
    const notes: Text[] = [];
    const info = await loadInstanceInfo(dir, { https: { pfx: "x" } }, notes);
    assert.equal(info.certificate, undefined);
    assert.equal(info.nodeRedVersion, undefined);
    assert.deepEqual(info.packages, []);
    assert.match(english(notes)[0] ?? "", /HTTPS certificate could not be read \(settings\.https has no cert/);
    assert.match(english(notes)[1] ?? "", /versions of Node-RED and of the Node\.js that runs it are unknown here/);
  });
});
