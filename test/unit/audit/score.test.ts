import assert from "node:assert/strict";
import { collectFacts, runAudit, gradeFor, scoreFor, type Finding, type Rule } from "../../../src/audit";
import { adminAuth } from "../../support/audit";
import { STRONG_12 } from "../../support/hashes";

function finding(penalty: number): Finding {
  return { id: "X", area: "editor", severity: "low", title: "", why: "", fix: [], docs: "", penalty };
}

describe("score and grade", () => {
  it("grades like the HTTP Observatory", () => {
    const cases: [number, string][] = [
      [100, "A+"],
      [99, "A"],
      [90, "A"],
      [89, "A-"],
      [85, "A-"],
      [84, "B+"],
      [70, "B"],
      [65, "B-"],
      [60, "C+"],
      [50, "C"],
      [45, "C-"],
      [40, "D+"],
      [30, "D"],
      [25, "D-"],
      [24, "F"],
      [0, "F"],
    ];
    for (const [score, grade] of cases) assert.equal(gradeFor(score), grade, String(score));
  });

  it("takes penalties off 100 and never goes below 0", () => {
    assert.equal(scoreFor([]), 100);
    assert.equal(scoreFor([finding(25), finding(10)]), 65);
    assert.equal(scoreFor([finding(60), finding(60)]), 0);
  });

  it("gives an untouched install an F with the missing login as the largest named penalty", async () => {
    const report = runAudit(await collectFacts({}, { source: "settings-file" }));
    assert.equal(report.grade, "F");
    assert.equal(report.counts.critical, 1);
    assert.deepEqual(report.penalties[0], { id: "NRS-ADMIN-001", title: "The editor has no login", points: 60 });
    assert.equal(report.findings[0]?.id, "NRS-ADMIN-001");
  });

  it("gives a well-secured instance an A+", async () => {
    const settings = {
      ...adminAuth([{ username: "admin", password: STRONG_12, permissions: "*" }]),
      uiHost: "127.0.0.1",
      https: { key: "k", cert: "c" },
      httpNodeAuth: { user: "u", pass: STRONG_12 },
      credentialSecret: "a-long-random-secret",
      externalModules: { palette: { allowInstall: false } },
    };
    const report = runAudit(await collectFacts(settings, { source: "settings-file" }));
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== "pass").map((f) => f.id),
      [],
    );
    assert.equal(report.score, 100);
    assert.equal(report.grade, "A+");
  });

  it("lists failing findings worst first, then passes, and counts them", async () => {
    const report = runAudit(await collectFacts({ uiHost: "127.0.0.1" }, { source: "settings-file" }));
    const ranks = report.findings.map((f) => ["critical", "high", "medium", "low", "info", "pass"].indexOf(f.severity));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    assert.equal(total, report.findings.length);
  });

  it("turns a failing rule into an info finding instead of losing the report", async () => {
    const broken: Rule = {
      id: "NRS-TEST-001",
      area: "hardening",
      title: "t",
      passTitle: "p",
      why: "",
      fix: [],
      docs: "",
      settingsKeys: [],
      maxSeverity: "low",
      evaluate() {
        throw new Error("boom");
      },
    };
    const report = runAudit(await collectFacts({}, { source: "settings-file" }), [broken]);
    assert.equal(report.findings[0]?.severity, "info");
    assert.match(report.findings[0].why, /boom/);
  });
});
