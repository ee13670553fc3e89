// Runs every rule over the facts and assembles the report.
import type { Facts } from "./facts";
import { PENALTY_BY_SEVERITY, type Rule } from "./rule";
import { RULES } from "./rules";
import { countBySeverity, gradeFor, scoreFor, severityRank } from "./score";
import type { Finding, Report, ReportContext } from "./types";
import { PACKAGE } from "../package-info";

export function evaluateRule(rule: Rule, facts: Facts): Finding | undefined {
  let verdict;
  try {
    verdict = rule.evaluate(facts);
  } catch (err) {
    // A rule bug must not hide the other findings; say which rule failed instead.
    return {
      id: rule.id,
      area: rule.area,
      severity: "info",
      title: `${rule.id} could not be checked`,
      why: `The check failed: ${err instanceof Error ? err.message : String(err)}`,
      fix: ["Please report this to node-red-contrib-security with the message above."],
      docs: rule.docs,
      penalty: 0,
      settingsKeys: rule.settingsKeys,
    };
  }
  if (verdict === "not-applicable") return undefined;
  if ("pass" in verdict) {
    return {
      id: rule.id,
      area: rule.area,
      severity: "pass",
      title: verdict.title ?? rule.passTitle,
      why: "",
      fix: [],
      docs: rule.docs,
      penalty: 0,
      settingsKeys: rule.settingsKeys,
      ...(verdict.details?.length ? { details: verdict.details } : {}),
    };
  }
  const snippet = verdict.snippet ?? rule.snippet;
  return {
    id: rule.id,
    area: rule.area,
    severity: verdict.severity,
    title: verdict.title ?? rule.title,
    why: rule.why,
    fix: rule.fix,
    docs: rule.docs,
    penalty: verdict.penalty ?? PENALTY_BY_SEVERITY[verdict.severity],
    settingsKeys: rule.settingsKeys,
    ...(snippet === undefined ? {} : { snippet }),
    ...(verdict.details?.length ? { details: verdict.details } : {}),
    ...(verdict.nodes?.length ? { nodes: verdict.nodes } : {}),
  };
}

export function runAudit(facts: Facts, rules: readonly Rule[] = RULES, now: Date = new Date()): Report {
  const findings = rules
    .map((rule, index) => ({ finding: evaluateRule(rule, facts), index }))
    .filter((x): x is { finding: Finding; index: number } => x.finding !== undefined)
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index)
    .map((x) => x.finding);
  const score = scoreFor(findings);
  return {
    tool: { name: PACKAGE.name, version: PACKAGE.version },
    scannedAt: now.toISOString(),
    score,
    grade: gradeFor(score),
    counts: countBySeverity(findings),
    penalties: findings
      .filter((f) => f.penalty > 0)
      .map((f) => ({ id: f.id, title: f.title, points: f.penalty }))
      .sort((a, b) => b.points - a.points),
    findings,
    context: reportContext(facts),
  };
}

function reportContext(facts: Facts): ReportContext {
  return {
    source: facts.source,
    ...(facts.settingsFile === undefined ? {} : { settingsFile: facts.settingsFile }),
    ...(facts.nodeRedVersion === undefined ? {} : { nodeRedVersion: facts.nodeRedVersion }),
    ...(facts.nodeVersion === undefined ? {} : { nodeVersion: facts.nodeVersion }),
    listen: `${facts.tls.enabled ? "https" : "http"}://${facts.listen.host}:${String(facts.listen.port)}`,
    tls: facts.tls.enabled,
    notes: facts.notes,
  };
}
