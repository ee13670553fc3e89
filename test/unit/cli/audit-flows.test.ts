import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../support/cli";

const RISKY = join(__dirname, "..", "..", "fixtures", "flows", "risky.json");
const SAFE = join(__dirname, "..", "..", "fixtures", "flows", "safe.json");

interface JsonReport {
  findings: { id: string; severity: string; details?: string[]; nodes?: { id: string }[] }[];
}

describe("CLI audit --flows", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-cli-flows-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("audits the named flows file instead of the user directory's", async () => {
    copyFileSync(SAFE, join(dir, "flows.json"));
    const own = JSON.parse(
      (await runCli(["audit", dir, "--format", "json", "--fail-on", "none"])).stdout,
    ) as JsonReport;
    assert.equal(own.findings.find((f) => f.id === "NRS-FLOW-002")?.severity, "pass");
    const res = await runCli(["audit", dir, "--flows", RISKY, "--format", "json", "--fail-on", "none"]);
    assert.equal(res.code, 0);
    const report = JSON.parse(res.stdout) as JsonReport;
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    assert.equal(byId.get("NRS-FLOW-002")?.severity, "critical");
    assert.deepEqual(byId.get("NRS-FLOW-002")?.details, [
      "http in GET /run → exec 'reboot'",
      "mqtt in home/log → file 'log file'",
    ]);
    assert.equal(byId.get("NRS-FLOW-003")?.severity, "high");
    assert.ok(!res.stdout.includes("hunter2"), "no secret in the output");
    assert.deepEqual(
      byId.get("NRS-FLOW-005")?.nodes?.map((n) => n.id),
      ["tls1", "req1"],
    );
  });

  it("points SARIF results at the lines of the flows file it read", async () => {
    const res = await runCli(["audit", dir, "--flows", RISKY, "--format", "sarif", "--fail-on", "none"]);
    const sarif = JSON.parse(res.stdout) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    const flow = sarif.runs[0]?.results.find((r) => r.ruleId === "NRS-FLOW-002");
    assert.match(flow?.locations[0]?.physicalLocation.artifactLocation.uri ?? "", /fixtures\/flows\/risky\.json$/);
  });

  it("says clearly when the file is missing or not a flows file, with exit code 2", async () => {
    const missing = await runCli(["audit", dir, "--flows", join(dir, "nope.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /The flows file .*nope\.json does not exist/);
    writeFileSync(join(dir, "bad.json"), "[{ broken");
    const bad = await runCli(["audit", dir, "--flows", join(dir, "bad.json")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json is not a flows file/);
    writeFileSync(join(dir, "obj.json"), JSON.stringify({ hello: 1 }));
    const obj = await runCli(["audit", dir, "--flows", join(dir, "obj.json")]);
    assert.equal(obj.code, 2);
    assert.match(obj.stderr, /holds no list of nodes/);
  });

  it("documents --flows in --help", async () => {
    assert.match((await runCli(["--help"])).stdout, /--flows FILE/);
  });
});
