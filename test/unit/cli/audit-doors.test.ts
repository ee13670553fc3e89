import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Text } from "../../../src/i18n/messages";
import { loadDoors } from "../../../src/cli/load-settings";
import { translator } from "../../../src/i18n/catalog";
import { runCli } from "../../support/cli";

const FLOWS = [
  { id: "b", type: "ui-base", path: "/dashboard" },
  { id: "w", type: "websocket-listener", path: "/ws/feed" },
];

describe("CLI audit of dashboards and websocket listeners", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-cli-doors-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the dashboards in package.json or node_modules, and reads the flows file", () => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "node-red-dashboard": "~3.6.0" } }));
    mkdirSync(join(dir, "node_modules", "@flowfuse", "node-red-dashboard"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "@flowfuse", "node-red-dashboard", "package.json"), "{}");
    writeFileSync(join(dir, "my-flows.json"), JSON.stringify(FLOWS));
    const notes: Text[] = [];
    const doors = loadDoors(dir, { flowFile: "my-flows.json" }, notes);
    assert.deepEqual(doors.installed, { dashboard1: true, dashboard2: true });
    assert.deepEqual(doors.flows, FLOWS);
    assert.deepEqual(notes, []);
  });

  it("turns a missing or broken flows file into a note", () => {
    const notes: Text[] = [];
    assert.deepEqual(loadDoors(dir, {}, notes), { installed: { dashboard1: false, dashboard2: false } });
    const english = translator("findings.json", "en-US");
    assert.match(english(notes[0] ?? ""), /No flows file at .*flows\.json/);
    writeFileSync(join(dir, "flows.json"), "[{ not json");
    writeFileSync(join(dir, "package.json"), "also not json");
    const more: Text[] = [];
    const doors = loadDoors(dir, { flowFile: 42 }, more);
    assert.equal(doors.flows, undefined);
    assert.match(english(more[0] ?? ""), /flows\.json could not be read/);
    assert.match(translator("findings.json", "ja")(more[0] ?? ""), /flows\.json を読み取れませんでした/);
  });

  it("reports an open Dashboard 2 and listener, and counts an auth gate in the flows", async () => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "@flowfuse/node-red-dashboard": "1" } }));
    writeFileSync(join(dir, "flows.json"), JSON.stringify(FLOWS));
    const open = JSON.parse((await runCli(["audit", dir, "--format", "json"])).stdout) as {
      findings: { id: string; severity: string }[];
    };
    const byId = new Map(open.findings.map((f) => [f.id, f.severity]));
    assert.equal(byId.get("NRS-DASH-002"), "high");
    assert.equal(byId.get("NRS-DASH-003"), "high");
    assert.equal(byId.get("NRS-WS-001"), "medium");
    assert.equal(byId.get("NRS-DASH-001"), undefined);

    const gate = { id: "g", type: "auth-gate", z: "t", scope: "/", protectScope: true, usersConfig: "u" };
    writeFileSync(join(dir, "flows.json"), JSON.stringify([...FLOWS, gate]));
    const guarded = JSON.parse((await runCli(["audit", dir, "--format", "json"])).stdout) as typeof open;
    const after = new Map(guarded.findings.map((f) => [f.id, f.severity]));
    assert.equal(after.get("NRS-DASH-002"), "pass");
    assert.equal(after.get("NRS-DASH-003"), "pass");
    assert.equal(after.get("NRS-WS-001"), "pass");
  });
});
