// Starts a real Node-RED with the user directory's own settings.js (Node-RED's default one, edited by
// the package) — startNodeRed writes its own. The port comes from process.env.PORT, as in the default.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addSettings } from "../../src/settings-file/edit-settings";
import {
  RUNTIMES,
  awaitStart,
  freePort,
  linkPackage,
  makeUserDir,
  requireRuntime,
  type RunningNodeRed,
  type RuntimeName,
} from "./node-red";

/**
 * What pm2 puts into the environment of a program it runs as "node-red": the Security tab's restart
 * advice is then the same on every machine (its own detection otherwise says Docker in a container).
 */
export const UNDER_PM2: Readonly<Record<string, string>> = { pm_id: "0", name: "node-red" };

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
  /** More environment, e.g. what pm2 sets for the programs it runs. */
  env: Readonly<Record<string, string>> = {},
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
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { log, stop } = await awaitStart(child, `${runtime.label} with ${join(userDir, "settings.js")}`, timeoutMs);
  return { url: `${scheme}://127.0.0.1:${String(port)}`, port, userDir, runtime, log, stop };
}
