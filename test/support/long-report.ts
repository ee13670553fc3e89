// A long report for the Security tab: the failing findings of a real report repeated up to `count`, each
// with its own id and title, worst first, with counts to match. The browser test shows it whole; the bench
// times how fast the sidebar renders it (DESIGN.md: 200 findings ≤ 100 ms in Chromium).
import type { Finding, Report } from "../../src/audit";
import { countBySeverity, severityRank } from "../../src/audit/score";

export function longReport(report: Report, count: number): Report {
  const failing = report.findings.filter((f) => f.severity !== "pass");
  if (failing.length === 0) throw new Error("the report has no failing finding to repeat");
  const findings: Finding[] = Array.from({ length: count }, (_, i) => {
    const f = failing[i % failing.length] as Finding;
    const n = String(i + 1);
    return { ...f, id: `${f.id}-${n.padStart(3, "0")}`, title: `${f.title} (${n})` };
  });
  findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  return { ...report, findings, counts: countBySeverity(findings) };
}
