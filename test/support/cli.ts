// Runs the built command line as a user would, and collects what it printed.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Node-RED's own default settings.js, from the node-red package the tests run against. */
export const DEFAULT_SETTINGS = join(ROOT, "node_modules", "node-red", "settings.js");

/** The unprivileged user `nobody`: root may write any file, so only as nobody is a file unwritable. */
export const NOBODY = { uid: 65534, gid: 65534, env: { HOME: "/nonexistent" } } as const;

export function runCli(
  args: readonly string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
  as?: { readonly uid: number; readonly gid: number },
): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
      ...(as ? { uid: as.uid, gid: as.gid } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}
