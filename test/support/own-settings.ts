// Starts a real Node-RED with the user directory's own settings.js (Node-RED's default one, edited by
// the package) — startNodeRed writes its own. The port comes from process.env.PORT, as in the default.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addSettings } from "../../src/settings-file/edit-settings";
import {
  RUNTIMES,
  freePort,
  linkPackage,
  makeUserDir,
  requireRuntime,
  type RunningNodeRed,
  type RuntimeName,
} from "./node-red";

/**
 * A user directory with the package installed, empty flows and a copy of the runtime's own default
 * settings.js, set by the package's settings.js editor to listen on loopback only and to leave out the
 * dashboards beside the test runtime. The backup that edit made is removed: the test's edits make theirs.
 */
export async function userDirWithDefaultSettings(runtimeName: RuntimeName, prefix: string): Promise<string> {
  const userDir = makeUserDir(prefix);
  linkPackage(userDir);
  const settingsFile = join(userDir, "settings.js");
  copyFileSync(join(RUNTIMES[runtimeName].redJs, "..", "settings.js"), settingsFile);
  await addSettings(settingsFile, [
    { key: "uiHost", value: '"127.0.0.1"' },
    { key: "nodesExcludes", value: '["node-red-dashboard"]' },
  ]);
  for (const f of readdirSync(userDir)) if (f.startsWith("settings.js.backup-")) rmSync(join(userDir, f));
  writeFileSync(join(userDir, "flows.json"), "[]");
  return userDir;
}

export async function startWithOwnSettings(
  runtimeName: RuntimeName,
  userDir: string,
  scheme: "http" | "https",
  timeoutMs = 60_000,
  /** The port of an earlier start, for a restart a page already open keeps talking to. */
  samePort?: number,
): Promise<RunningNodeRed> {
  const runtime = requireRuntime(runtimeName);
  const port = samePort ?? (await freePort());
  const child: ChildProcess = spawn(runtime.node, [runtime.redJs, "--userDir", userDir], {
    cwd: userDir,
    // No tour and no "help improve Node-RED" question over the editor (red.js reads both from the environment).
    env: {
      ...process.env,
      NODE_RED_ENABLE_TOURS: "false",
      NODE_RED_DISABLE_TELEMETRY: "1",
      NODE_OPTIONS: "",
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (!/Server now running at/.test(output) || !/Started flows/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${runtime.label} did not start with ${join(userDir, "settings.js")}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `${scheme}://127.0.0.1:${String(port)}`, port, userDir, runtime, log: () => output, stop };
}
