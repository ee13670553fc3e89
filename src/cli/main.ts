#!/usr/bin/env node
// The command line: `hash-pw` and `api-key` for people, `audit` for people and CI. Exit codes: 0 ok, 1 findings, 2 bad input.
import { parseArgs } from "node:util";
import { collectFacts, runAudit, severityRank, SEVERITIES, type Severity } from "../audit";
import { PasswordInputError } from "../auth/hash-password";
import { PACKAGE } from "../package-info";
import { FORMATS, formatJson, formatSarif, formatText, type Format } from "./format";
import { apiKey } from "./api-key";
import { hashPw } from "./hash-pw";
import { fixHttps } from "./fix-https";
import { fixCredentialSecret, fixEditorLogin, fixPaletteLimits } from "./fix-editor-login";
import { httpsAuditContext } from "../tls/audit-context";
import { loadInstanceInfo } from "./instance-info";
import { UsageError, flowsFileFor, loadDoors, loadSettings } from "./load-settings";
import type { DoorContext } from "../audit";
import type { LiveCheckFacts } from "../audit/facts";
import { runProbe } from "../probe/live-probe";
import { instanceTargets } from "../probe/targets";
import { PasswordReadError } from "./read-password";
import { resetEditorLogin } from "./reset-editor-login";
import { languageFromEnvironment, translator } from "../i18n/catalog";

// Words for people follow LC_ALL / LC_MESSAGES / LANG (en-US, de, ja); JSON and SARIF stay en-US.
const LANG = languageFromEnvironment();
const say = (key: string): string => translator("cli.json", LANG)({ key });

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

type FailOn = Exclude<Severity, "pass"> | "none";

function parseFailOn(value: string | undefined): FailOn {
  const v = value ?? "high";
  if (v === "none" || (SEVERITIES as readonly string[]).includes(v)) {
    if (v !== "pass") return v as FailOn;
  }
  throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${v}")`);
}

function parseFormat(value: string | undefined): Format {
  const v = value ?? "text";
  if ((FORMATS as readonly string[]).includes(v)) return v as Format;
  throw new UsageError(`--format must be text, json or sarif (got "${v}")`);
}

/** Runs the live check against a URL the user gave: http(s) only. */
async function probeUrl(value: string, settings: Record<string, unknown>, doors: DoorContext): Promise<LiveCheckFacts> {
  let base: URL;
  try {
    base = new URL(value);
  } catch {
    throw new UsageError(`--probe needs a URL like http://127.0.0.1:1880 (got "${value}")`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(`--probe needs an http:// or https:// URL (got "${value}")`);
  }
  const targets = instanceTargets(settings, doors);
  // The user's URL may carry its own base path (a proxy's prefix): keep it.
  const origin = new URL(base.pathname.endsWith("/") ? base.href : `${base.href}/`);
  return { base: origin.href.replace(/\/$/, ""), results: await runProbe(origin, targets) };
}

async function audit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      "fail-on": { type: "string" },
      settings: { type: "string" },
      probe: { type: "string" },
      flows: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`audit takes one user directory, got ${String(positionals.length)}`);
  const format = parseFormat(values.format);
  const failOn = parseFailOn(values["fail-on"]);
  const loaded = loadSettings(positionals[0], values.settings);
  const notes = [...loaded.notes];
  const doors = loadDoors(loaded.userDir, loaded.settings, notes, values.flows);
  const live = values.probe === undefined ? undefined : await probeUrl(values.probe, loaded.settings, doors);
  const facts = await collectFacts(loaded.settings, {
    source: "settings-file",
    userDir: loaded.userDir,
    ...(loaded.settingsFile === undefined ? {} : { settingsFile: loaded.settingsFile }),
    notes,
    doors,
    ...(live ? { liveCheck: live } : {}),
    ...(await loadInstanceInfo(loaded.userDir, loaded.settings, notes)),
    ...httpsAuditContext(loaded.userDir),
  });
  const report = runAudit(facts, undefined, undefined, format === "text" ? LANG : "en-US");
  const out =
    format === "json"
      ? formatJson(report)
      : format === "sarif"
        ? formatSarif(report, loaded.userDir, flowsFileFor(loaded.userDir, loaded.settings, values.flows))
        : formatText(report, process.stdout.isTTY && !process.env.NO_COLOR, LANG);
  await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  if (failOn === "none") return EXIT_OK;
  const threshold = severityRank(failOn);
  return report.findings.some((f) => f.severity !== "pass" && severityRank(f.severity) <= threshold)
    ? EXIT_FINDINGS
    : EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "-h" || command === "--help" || command === "help") {
      process.stdout.write(say("usage"));
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === "-v" || command === "--version") {
      process.stdout.write(`${PACKAGE.version}\n`);
      return EXIT_OK;
    }
    if (command === "hash-pw") {
      const { values } = parseArgs({ args: rest, options: { cost: { type: "string" } } });
      await hashPw(values.cost, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
      return EXIT_OK;
    }
    if (command === "api-key") {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          name: { type: "string" },
          roles: { type: "string" },
          days: { type: "string" },
          json: { type: "boolean" },
        },
      });
      if (positionals.length > 1) throw new UsageError("api-key takes one user name");
      process.stdout.write(
        apiKey({
          username: positionals[0],
          name: values.name,
          roles: values.roles,
          days: values.days,
          json: values.json === true,
        }),
      );
      return EXIT_OK;
    }
    if (command === "audit") return await audit(rest);
    if (command === "fix" && rest[0] === "https") return await fixHttps(rest.slice(1));
    if (command === "fix" && rest[0] === "editor-login") return await fixEditorLogin(rest.slice(1));
    if (command === "fix" && rest[0] === "credential-secret") return await fixCredentialSecret(rest.slice(1));
    if (command === "fix" && rest[0] === "palette-limits") return await fixPaletteLimits(rest.slice(1));
    if (command === "reset-editor-login") {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length > 1) throw new UsageError("reset-editor-login takes one user directory");
      process.stdout.write(await resetEditorLogin(positionals[0]));
      return EXIT_OK;
    }
    throw new UsageError(`Unknown command "${command}"`);
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof PasswordInputError ||
      err instanceof PasswordReadError ||
      (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`node-red-contrib-security: ${err.message}\n`);
      if (err instanceof UsageError || err instanceof TypeError) process.stderr.write(`${say("runHelp")}\n`);
      return EXIT_USAGE;
    }
    // A bug: say so plainly, without a stack trace.
    process.stderr.write(
      `node-red-contrib-security: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // settings.js may have opened handles (timers, sockets); do not wait for them.
    setImmediate(() => process.exit(code));
  });
}
