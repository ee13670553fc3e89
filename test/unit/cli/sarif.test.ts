// SARIF output checked against the SARIF 2.1.0 schema itself, and its locations: settings.js lines for
// settings findings, flows.json lines (with node names) for findings about flow nodes.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import { ROOT, runCli } from "../../support/cli";
import { formatSarif } from "../../../src/cli/format";
import { nodeLines } from "../../../src/cli/sarif-locations";
import type { Report } from "../../../src/audit";

const schema = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "sarif-schema-2.1.0.json"), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const isUrl = (value: string): boolean => {
  try {
    return new URL(value, "file:///base/").href.length > 0;
  } catch {
    return false;
  }
};
ajv.addFormat("uri", (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && isUrl(value));
ajv.addFormat("uri-reference", isUrl);
ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
const validate = ajv.compile(schema);

function assertValidSarif(doc: unknown): void {
  const ok = validate(doc);
  assert.ok(ok, `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

const FLOWS = [
  { id: "tab1", type: "tab", label: "Garage" },
  { id: "in1", type: "http in", z: "tab1", name: "open door", url: "/door", method: "get", wires: [["exec1"]] },
  { id: "exec1", type: "exec", z: "tab1", name: "", command: "gpio", wires: [[], [], []] },
];

function reportWith(findings: Report["findings"], settingsFile: string): Report {
  return {
    tool: { name: "node-red-contrib-security", version: "0.0.0" },
    scannedAt: new Date(0).toISOString(),
    score: 40,
    grade: "F",
    counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0, pass: 0 },
    penalties: [],
    findings,
    context: { source: "settings-file", settingsFile, listen: "0.0.0.0:1880", tls: false, notes: [] },
  };
}

describe("SARIF output", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-sarif-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("is valid SARIF 2.1.0 for an untouched Node-RED user directory", async () => {
    writeFileSync(join(dir, "settings.js"), readFileSync(join(ROOT, "node_modules/node-red/settings.js")));
    writeFileSync(join(dir, "flows.json"), JSON.stringify(FLOWS, null, 4));
    const r = await runCli(["audit", dir, "--format", "sarif"]);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { runs: { results: { level: string }[] }[] };
    assertValidSarif(doc);
    assert.ok(doc.runs[0] && doc.runs[0].results.length > 0);
    // The validator does reject what the standard does not allow.
    const broken = structuredClone(doc);
    if (broken.runs[0]?.results[0]) broken.runs[0].results[0].level = "critical";
    assert.equal(validate(broken), false);
  });

  it("points findings about flow nodes at their lines in flows.json, named", () => {
    const flowsText = JSON.stringify(FLOWS, null, 4);
    const flowsFile = join(dir, "flows.json");
    writeFileSync(flowsFile, flowsText);
    const settingsFile = join(dir, "settings.js");
    writeFileSync(settingsFile, "module.exports = {\n  uiPort: 1880,\n};\n");
    const finding = {
      id: "NRS-HTTP-001",
      area: "http" as const,
      severity: "critical" as const,
      title: "An open endpoint runs a command",
      why: "",
      fix: [],
      docs: "https://nodered.org/docs/",
      penalty: 60,
      nodes: [
        { id: "in1", type: "http in", name: "open door", z: "tab1" },
        { id: "exec1", type: "exec", z: "tab1" },
      ],
    };
    const doc = JSON.parse(formatSarif(reportWith([finding], settingsFile), dir, flowsFile)) as {
      runs: { results: { locations: unknown[]; partialFingerprints: Record<string, string> }[] }[];
    };
    assertValidSarif(doc);
    const result = doc.runs[0]?.results[0];
    assert.ok(result);
    const lines = flowsText.split("\n");
    const lineOf = (id: string): number => lines.findIndex((l) => l.includes(`"id": "${id}"`)) + 1;
    assert.deepEqual(result.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: "flows.json", uriBaseId: "USERDIR" },
          region: { startLine: lineOf("in1") },
        },
        logicalLocations: [{ name: "open door", fullyQualifiedName: "tab1/in1", kind: "object" }],
      },
      {
        physicalLocation: {
          artifactLocation: { uri: "flows.json", uriBaseId: "USERDIR" },
          region: { startLine: lineOf("exec1") },
        },
        logicalLocations: [{ name: "exec exec1", fullyQualifiedName: "tab1/exec1", kind: "object" }],
      },
    ]);
    // The same problem at the same place keeps its fingerprint, so CI does not report it as new.
    const again = JSON.parse(formatSarif(reportWith([finding], settingsFile), dir, flowsFile)) as typeof doc;
    assert.deepEqual(again.runs[0]?.results[0]?.partialFingerprints, result.partialFingerprints);
  });

  it("finds node lines in compact and pretty flows files alike", () => {
    assert.deepEqual([...nodeLines(JSON.stringify(FLOWS)).values()], [1, 1, 1]);
    const pretty = nodeLines(JSON.stringify(FLOWS, null, 2));
    assert.ok((pretty.get("exec1") ?? 0) > (pretty.get("in1") ?? 0));
    assert.equal(nodeLines("not json at all").size, 0);
  });
});
