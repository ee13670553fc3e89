import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runCli } from "../../support/cli";
import { STRONG_12 } from "../../support/hashes";

const SECURE_SETTINGS = `module.exports = {
  uiHost: "127.0.0.1",
  uiPort: 18443,
  credentialSecret: "a-long-random-secret",
  https: { key: "k", cert: "c" },
  adminAuth: {
    type: "credentials",
    users: [{ username: "admin", password: "${STRONG_12}", permissions: "*" }]
  },
  httpNodeAuth: { user: "u", pass: "${STRONG_12}" },
  externalModules: { palette: { allowInstall: false } }
};
`;

function assertNoStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at .+\(.+:\d+:\d+\)$/m, "printed a stack trace");
}

describe("CLI audit", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-cli-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports the missing editor login of an untouched userDir as critical and exits 1", async () => {
    // Node-RED copies its template into a new userDir on first start: audit exactly that file.
    copyFileSync(join(ROOT, "node_modules/node-red/settings.js"), join(dir, "settings.js"));
    const r = await runCli(["audit", dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^CRITICAL\s+NRS-ADMIN-001\s+The editor has no login$/m);
    assert.match(r.stdout, /Grade F/);
  });

  it("audits an empty userDir with Node-RED's defaults and says so", async () => {
    const r = await runCli(["audit", dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /No settings\.js in .*: Node-RED's defaults were assumed/);
  });

  it("exits 0 for a secure settings.js", async () => {
    writeFileSync(join(dir, "settings.js"), SECURE_SETTINGS);
    const r = await runCli(["audit", dir]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /Grade A\+/);
    assert.ok(!r.stdout.includes(STRONG_12), "printed a hash");
  });

  it("gates on --fail-on", async () => {
    writeFileSync(
      join(dir, "settings.js"),
      SECURE_SETTINGS.replace("uiPort: 18443,", "").replace('uiHost: "127.0.0.1",', ""),
    );
    // Left: medium (all interfaces), low (port 1880, editor on the network).
    assert.equal((await runCli(["audit", dir])).code, 0);
    assert.equal((await runCli(["audit", dir, "--fail-on", "critical"])).code, 0);
    assert.equal((await runCli(["audit", dir, "--fail-on", "medium"])).code, 1);
    assert.equal((await runCli(["audit", dir, "--fail-on", "low"])).code, 1);
    assert.equal((await runCli(["audit", "--fail-on", "none", dir])).code, 0);
  });

  it("prints JSON that scripts can read", async () => {
    const r = await runCli(["audit", dir, "--format", "json"]);
    const report = JSON.parse(r.stdout);
    assert.equal(report.grade, "F");
    assert.equal(report.findings[0].id, "NRS-ADMIN-001");
    assert.equal(report.findings[0].severity, "critical");
    assert.equal(typeof report.score, "number");
  });

  it("prints SARIF 2.1.0 pointing at the settings.js line", async () => {
    const settings = `module.exports = {\n  uiPort: 1880,\n  adminAuth: {\n    type: "credentials",\n    users: [{ username: "admin", password: "$2a$08$zZWtXTja0fB1pzD4sHCMyOCMYz2Z6dNbM6tl8sJogENOMcxWV9DN.", permissions: "*" }]\n  }\n};\n`;
    writeFileSync(join(dir, "settings.js"), settings);
    const r = await runCli(["audit", dir, "--format", "sarif"]);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, "node-red-contrib-security");
    const weak = run.results.find((x: { ruleId: string }) => x.ruleId === "NRS-ADMIN-004");
    assert.equal(weak.level, "error");
    assert.equal(weak.locations[0].physicalLocation.artifactLocation.uri, "settings.js");
    assert.equal(weak.locations[0].physicalLocation.region.startLine, 3);
    const port = run.results.find((x: { ruleId: string }) => x.ruleId === "NRS-NET-002");
    assert.equal(port.locations[0].physicalLocation.region.startLine, 2);
    assert.equal(run.tool.driver.rules[weak.ruleIndex].id, "NRS-ADMIN-004");
    assert.ok(!r.stdout.includes("zZWtXTja0fB1pzD4"), "printed the hash");
  });

  it("exits 2 with a clear message for a missing directory", async () => {
    const r = await runCli(["audit", join(dir, "nope")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The user directory .*nope does not exist/);
    assertNoStack(r.stderr);
  });

  it("exits 2 with a clear message when settings.js throws", async () => {
    writeFileSync(
      join(dir, "settings.js"),
      'module.exports = { uiPort: 1880 };\nthrow new Error("half-edited file");\n',
    );
    const r = await runCli(["audit", dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /settings\.js could not be loaded: half-edited file/);
    assertNoStack(r.stderr);
    assert.equal(r.stdout, "");
  });

  it("exits 2 for a syntax error or a settings.js that exports no object", async () => {
    writeFileSync(join(dir, "settings.js"), "module.exports = { uiPort: 1880,, };\n");
    const bad = await runCli(["audit", dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /could not be loaded/);
    assertNoStack(bad.stderr);
    writeFileSync(join(dir, "settings.js"), "module.exports = 42;\n");
    const num = await runCli(["audit", dir]);
    assert.equal(num.code, 2);
    assert.match(num.stderr, /does not export a settings object/);
  });

  it("exits 2 for bad options, naming them", async () => {
    const format = await runCli(["audit", dir, "--format", "xml"]);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be text, json or sarif \(got "xml"\)/);
    const failOn = await runCli(["audit", dir, "--fail-on", "pass"]);
    assert.equal(failOn.code, 2);
    const unknown = await runCli(["audit", dir, "--colour"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--colour/);
    assertNoStack(unknown.stderr);
    const two = await runCli(["audit", dir, dir]);
    assert.equal(two.code, 2);
  });

  it("shows help, version, and refuses unknown commands", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: node-red-contrib-security <command>/);
    const none = await runCli([]);
    assert.equal(none.code, 2);
    const version = await runCli(["--version"]);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const unknown = await runCli(["scan"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "scan"/);
  });
});
