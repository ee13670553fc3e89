// Score and grade from findings: 100 minus named penalties, graded like Mozilla's HTTP Observatory.
import type { Finding, Grade, SeverityCounts } from "./types";
import { SEVERITIES } from "./types";

/** Lowest score for each grade, best first. */
export const GRADE_FLOORS: readonly (readonly [Grade, number])[] = [
  ["A+", 100],
  ["A", 90],
  ["A-", 85],
  ["B+", 80],
  ["B", 70],
  ["B-", 65],
  ["C+", 60],
  ["C", 50],
  ["C-", 45],
  ["D+", 40],
  ["D", 30],
  ["D-", 25],
  ["F", 0],
];

export function gradeFor(score: number): Grade {
  for (const [grade, floor] of GRADE_FLOORS) if (score >= floor) return grade;
  return "F";
}

export function scoreFor(findings: readonly Finding[]): number {
  const lost = findings.reduce((sum, f) => sum + f.penalty, 0);
  return Math.max(0, Math.min(100, 100 - lost));
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** 0 for the worst severity; used to sort findings and to compare against thresholds. */
export function severityRank(severity: Finding["severity"]): number {
  return SEVERITIES.indexOf(severity);
}
