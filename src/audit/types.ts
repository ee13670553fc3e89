// Shapes shared by the audit engine, the sidebar, the CLI and the report formats.
// This file is imported by browser code too: keep it free of runtime imports.

export const SEVERITIES = ["critical", "high", "medium", "low", "info", "pass"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A severity that counts against the score (everything but "pass"). */
export type FailSeverity = Exclude<Severity, "pass">;

export const AREAS = ["editor", "transport", "exposure", "http", "flows", "secrets", "versions", "hardening"] as const;
export type Area = (typeof AREAS)[number];

/** A node of the flows a finding is about, so reports can point into flows.json. */
export interface FlowNodeRef {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  /** Id of the tab (or subflow) the node sits on. */
  readonly z?: string;
}

/** One result of one rule, as shown to a person. Never carries a password or a hash. */
export interface Finding {
  /** Stable id, e.g. `NRS-ADMIN-001`. */
  readonly id: string;
  readonly area: Area;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters, in two or three plain sentences. Empty for passes. */
  readonly why: string;
  /** Steps to fix, in order. Empty for passes. */
  readonly fix: readonly string[];
  /**
   * A settings.js snippet. May hold the placeholders `{{HASH}}` (a bcrypt hash the user makes)
   * and `{{SECRET}}` (a fresh random secret) that the sidebar and the CLI fill in.
   */
  readonly snippet?: string;
  /** Facts that explain this result for this instance (user names, values seen). */
  readonly details?: readonly string[];
  /** Link to Node-RED's documentation. */
  readonly docs: string;
  /** Points taken off the score; 0 for passes and info. */
  readonly penalty: number;
  /** The settings.js key(s) this finding is about, so reports can point at a line. */
  readonly settingsKeys?: readonly string[];
  /** The flow nodes this finding is about (flow rules), so reports can point into flows.json. */
  readonly nodes?: readonly FlowNodeRef[];
}

export type Grade = "A+" | "A" | "A-" | "B+" | "B" | "B-" | "C+" | "C" | "C-" | "D+" | "D" | "D-" | "F";

export type SeverityCounts = Record<Severity, number>;

export interface Report {
  readonly tool: { readonly name: string; readonly version: string };
  readonly scannedAt: string;
  readonly score: number;
  readonly grade: Grade;
  readonly counts: SeverityCounts;
  /** Named penalties, largest first: which finding took how many points. */
  readonly penalties: readonly { readonly id: string; readonly title: string; readonly points: number }[];
  /** Failing findings first (worst first), then passes. */
  readonly findings: readonly Finding[];
  /** Plain facts about the scanned instance, safe to show to its administrator. */
  readonly context: ReportContext;
}

export interface ReportContext {
  readonly source: "runtime" | "settings-file";
  readonly settingsFile?: string;
  readonly nodeRedVersion?: string;
  readonly nodeVersion?: string;
  readonly listen: string;
  readonly tls: boolean;
  readonly notes: readonly string[];
}
