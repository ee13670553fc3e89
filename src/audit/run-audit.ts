// Runs every rule over the facts and assembles the report.
import type { Facts } from "./facts";
import { PENALTY_BY_SEVERITY, type Rule } from "./rule";
import { RULES } from "./rules";
import { countBySeverity, gradeFor, scoreFor, severityRank } from "./score";
import type { Finding, Report, ReportContext } from "./types";
import { PACKAGE } from "../package-info";
import { DEFAULT_LANGUAGE, type Language, translator } from "../i18n/catalog";
import { messages } from "../i18n/messages";

const msg = messages("report");

/** One rule's finding, in words of `lang` (findings.json of that language). */
export function evaluateRule(rule: Rule, facts: Facts, lang: Language = DEFAULT_LANGUAGE): Finding | undefined {
  const t = translator("findings.json", lang);
  let verdict;
  try {
    verdict = rule.evaluate(facts);
  } catch (err) {
    // A rule bug must not hide the other findings; say which rule failed instead.
    return {
      id: rule.id,
      area: rule.area,
      severity: "info",
      title: t(msg("ruleFailedTitle", { id: rule.id })),
      why: t(msg("ruleFailedWhy", { error: err instanceof Error ? err.message : String(err) })),
      fix: [t(msg("ruleFailedFix"))],
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
      title: t(verdict.title ?? rule.passTitle),
      why: "",
      fix: [],
      docs: rule.docs,
      penalty: 0,
      settingsKeys: rule.settingsKeys,
      ...(verdict.details?.length ? { details: verdict.details.map(t) } : {}),
    };
  }
  const snippet = verdict.snippet ?? rule.snippet;
  return {
    id: rule.id,
    area: rule.area,
    severity: verdict.severity,
    title: t(verdict.title ?? rule.title),
    why: t(rule.why),
    fix: rule.fix.map(t),
    docs: rule.docs,
    penalty: verdict.penalty ?? PENALTY_BY_SEVERITY[verdict.severity],
    settingsKeys: rule.settingsKeys,
    ...(snippet === undefined ? {} : { snippet }),
    ...(verdict.details?.length ? { details: verdict.details.map(t) } : {}),
    ...(verdict.nodes?.length ? { nodes: verdict.nodes } : {}),
  };
}

/** The report, its findings in words of `lang` (the editor's or the terminal's language; en-US by default). */
export function runAudit(
  facts: Facts,
  rules: readonly Rule[] = RULES,
  now: Date = new Date(),
  lang: Language = DEFAULT_LANGUAGE,
): Report {
  const findings = rules
    .map((rule, index) => ({ finding: evaluateRule(rule, facts, lang), index }))
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
    context: reportContext(facts, lang),
  };
}

function reportContext(facts: Facts, lang: Language): ReportContext {
  return {
    source: facts.source,
    ...(facts.settingsFile === undefined ? {} : { settingsFile: facts.settingsFile }),
    ...(facts.nodeRedVersion === undefined ? {} : { nodeRedVersion: facts.nodeRedVersion }),
    ...(facts.nodeVersion === undefined ? {} : { nodeVersion: facts.nodeVersion }),
    listen: `${facts.tls.enabled ? "https" : "http"}://${facts.listen.host}:${String(facts.listen.port)}`,
    tls: facts.tls.enabled,
    notes: facts.notes.map(translator("findings.json", lang)),
  };
}

/** A rule's own texts (its catalogue entry) in words of `lang`: for the README table and the catalogue test. */
export function ruleTexts(
  rule: Rule,
  lang: Language = DEFAULT_LANGUAGE,
): { title: string; passTitle: string; why: string; fix: string[] } {
  const t = translator("findings.json", lang);
  return { title: t(rule.title), passTitle: t(rule.passTitle), why: t(rule.why), fix: rule.fix.map(t) };
}
