// Renders an audit report as text for people, JSON for scripts, or SARIF 2.1.0 for code-scanning tools.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, Report, Severity } from "../audit";
import { RULES, ruleTexts } from "../audit";
import { fillSnippet } from "../audit/snippet";
import type { MessageParam } from "../i18n/messages";
import { DEFAULT_LANGUAGE, type Language, translator } from "../i18n/catalog";
import { findingLocations, fingerprint, nodeLines } from "./sarif-locations";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

const COLOUR: Record<Severity, string> = {
  critical: "\u001b[1;41;97m",
  high: "\u001b[1;31m",
  medium: "\u001b[1;33m",
  low: "\u001b[36m",
  info: "\u001b[2m",
  pass: "\u001b[32m",
};
const RESET = "\u001b[0m";

/** The report for people, with its labels in `lang` (locales/<lang>/cli.json); findings come worded already. */
export function formatText(report: Report, colour: boolean, lang: Language = DEFAULT_LANGUAGE): string {
  const translate = translator("cli.json", lang);
  const say = (key: string, params?: Record<string, MessageParam>): string =>
    translate(params === undefined ? { key: `report.${key}` } : { key: `report.${key}`, params });
  const paint = (severity: Severity, text: string): string => (colour ? `${COLOUR[severity]}${text}${RESET}` : text);
  const c = report.counts;
  const [why, fix] = [say("why"), say("fix")];
  const lines = [
    say("heading", {
      tool: report.tool.name,
      version: report.tool.version,
      file: report.context.settingsFile ?? say("defaultSettings"),
    }),
    say("summary", {
      grade: report.grade,
      score: report.score,
      critical: c.critical,
      high: c.high,
      medium: c.medium,
      low: c.low,
      info: c.info,
      passed: c.pass,
    }),
    ...report.context.notes.map((n) => say("note", { note: n })),
    "",
  ];
  const secret = randomBytes(24).toString("base64url");
  for (const f of report.findings.filter((x) => x.severity !== "pass")) {
    lines.push(`${paint(f.severity, say(`severity.${f.severity}`).padEnd(8))}  ${f.id}  ${f.title}`);
    const indent = "          ";
    for (const d of f.details ?? []) lines.push(`${indent}${d}`);
    lines.push(`${indent}${why} ${f.why}`);
    f.fix.forEach((step, i) =>
      lines.push(`${indent}${i === 0 ? fix : " ".repeat(fix.length)} ${String(i + 1)}. ${step}`),
    );
    if (f.snippet !== undefined) {
      lines.push(`${indent}${say("inSettings")}`);
      const filled = fillSnippet(f.snippet, { secret }, say("hashPlaceholder"));
      for (const s of filled.split("\n")) lines.push(`${indent}    ${s}`);
    }
    lines.push(`${indent}${say("docs")} ${f.docs}`, "");
  }
  const passes = report.findings.filter((x) => x.severity === "pass");
  if (passes.length > 0) {
    lines.push(say("passed"));
    for (const f of passes) lines.push(`  ${paint("pass", "✓")} ${f.id}  ${f.title}`);
  }
  return `${lines.join("\n")}\n`;
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note" | "none"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
  pass: "none",
};

/** GitHub code scanning reads this to rank security results (0–10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
  pass: "0.0",
};

/** The line of settings.js that sets one of `keys`, else the `module.exports` line, else 1. */
export function settingsLine(text: string, keys: readonly string[]): number {
  const lines = text.split("\n");
  for (const key of keys) {
    const re = new RegExp(`^\\s*["']?${key}["']?\\s*:`);
    const index = lines.findIndex((l) => re.test(l));
    if (index >= 0) return index + 1;
  }
  const exportsLine = lines.findIndex((l) => /module\.exports\s*=/.test(l));
  return exportsLine >= 0 ? exportsLine + 1 : 1;
}

function readText(path: string | undefined): string {
  if (path === undefined) return "";
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function relativeUri(baseDir: string, path: string): string {
  return relative(baseDir, path).split("\\").join("/");
}

/**
 * SARIF 2.1.0 for code scanning. Findings about flow nodes point at their lines in `flowsFile`;
 * the others at the settings.js line of their key.
 */
export function formatSarif(report: Report, baseDir: string, flowsFile?: string): string {
  const settingsFile = report.context.settingsFile;
  const text = readText(settingsFile);
  const uri = settingsFile === undefined ? "settings.js" : relativeUri(baseDir, settingsFile);
  const flowsText = readText(flowsFile);
  const flows =
    flowsFile !== undefined && flowsText
      ? { uri: relativeUri(baseDir, flowsFile), lines: nodeLines(flowsText) }
      : undefined;
  const failing = report.findings.filter((f) => f.severity !== "pass");
  // SARIF is machine output: always en-US, whatever the terminal's language.
  const rules = RULES.map((r) => ({ r, text: ruleTexts(r, "en-US") })).map(({ r, text }) => ({
    id: r.id,
    name: r.id.replace(/-/g, ""),
    shortDescription: { text: text.title },
    fullDescription: { text: text.why },
    helpUri: r.docs,
    help: { text: [text.why, "", ...text.fix.map((s, i) => `${String(i + 1)}. ${s}`)].join("\n") },
    defaultConfiguration: { level: SARIF_LEVEL[r.maxSeverity] },
    properties: { tags: ["security", r.area], "security-severity": SECURITY_SEVERITY[r.maxSeverity] },
  }));
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: "https://github.com/node-red-contrib-security/node-red-contrib-security",
            rules,
          },
        },
        originalUriBaseIds: { USERDIR: { uri: pathToFileURL(baseDir.endsWith(sep) ? baseDir : baseDir + sep).href } },
        results: failing.map((f: Finding) => ({
          ruleId: f.id,
          ruleIndex: Math.max(
            0,
            RULES.findIndex((r) => r.id === f.id),
          ),
          level: SARIF_LEVEL[f.severity],
          message: { text: [f.title, ...(f.details ?? [])].join(" — ") },
          locations: findingLocations(f, { uri, line: text ? settingsLine(text, f.settingsKeys ?? []) : 1 }, flows),
          partialFingerprints: { "nrsFinding/v1": fingerprint(f) },
          properties: { severity: f.severity, "security-severity": SECURITY_SEVERITY[f.severity] },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
