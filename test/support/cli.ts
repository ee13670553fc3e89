// Runs the built command line as a user would, and collects what it printed.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
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

/**
 * Runs `action` while `file` cannot be written by this process. Root may write any file whatever its
 * mode, so as root the file is made immutable (chattr +i, which access(W_OK) reports as EPERM) — this
 * needs no other user to reach the checkout, whatever folder it was cloned into.
 */
export async function whileUnwritable<T>(file: string, action: () => Promise<T>): Promise<T> {
  const root = process.getuid?.() === 0;
  if (root) execFileSync("chattr", ["+i", file]);
  else chmodSync(file, 0o444);
  try {
    return await action();
  } finally {
    if (root) execFileSync("chattr", ["-i", file]);
    else chmodSync(file, 0o644);
  }
}

export function runCli(args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
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
