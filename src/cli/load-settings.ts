// Loads a user's settings.js the way Node-RED does, turning every failure into a clear message.
import { note, type Text } from "../i18n/messages";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { gatesInFlows, type DoorContext } from "../audit";

export class UsageError extends Error {}

export interface LoadedSettings {
  readonly userDir: string;
  readonly settingsFile?: string;
  readonly settings: Record<string, unknown>;
  readonly notes: Text[];
}

export function defaultUserDir(): string {
  return join(homedir(), ".node-red");
}

export function loadSettings(userDirArg: string | undefined, settingsArg: string | undefined): LoadedSettings {
  const userDir = resolve(userDirArg ?? defaultUserDir());
  if (!existsSync(userDir)) throw new UsageError(`The user directory ${userDir} does not exist`);
  if (!statSync(userDir).isDirectory()) throw new UsageError(`${userDir} is not a directory`);
  const settingsFile = resolve(userDir, settingsArg ?? "settings.js");
  if (!existsSync(settingsFile)) {
    if (settingsArg !== undefined) throw new UsageError(`The settings file ${settingsFile} does not exist`);
    return {
      userDir,
      settings: {},
      notes: [note("noSettings", { dir: userDir })],
    };
  }
  let loaded: unknown;
  try {
    loaded = createRequire(settingsFile)(settingsFile);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new UsageError(`${settingsFile} could not be loaded: ${reason ?? "unknown error"}`);
  }
  if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) {
    throw new UsageError(`${settingsFile} does not export a settings object (module.exports = { ... })`);
  }
  return { userDir, settingsFile, settings: loaded as Record<string, unknown>, notes: [] };
}

function dependsOn(userDir: string, name: string): boolean {
  if (existsSync(join(userDir, "node_modules", ...name.split("/"), "package.json"))) return true;
  try {
    const pkg = JSON.parse(readFileSync(join(userDir, "package.json"), "utf8")) as unknown;
    const deps = typeof pkg === "object" && pkg !== null ? (pkg as Record<string, unknown>).dependencies : undefined;
    return typeof deps === "object" && deps !== null && name in deps;
  } catch {
    return false;
  }
}

/** The flows file the audit reads: `--flows FILE` when given, else settings.flowFile (or flows.json) in userDir. */
export function flowsFileFor(userDir: string, settings: Record<string, unknown>, flowsArg?: string): string {
  if (flowsArg !== undefined) return resolve(flowsArg);
  return resolve(userDir, typeof settings.flowFile === "string" ? settings.flowFile : "flows.json");
}

/** Reads a flows file named on the command line: a missing or unreadable file is a usage error. */
function readFlowsArg(file: string): unknown {
  if (!existsSync(file)) throw new UsageError(`The flows file ${file} does not exist`);
  let flows: unknown;
  try {
    flows = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new UsageError(`${file} is not a flows file: ${reason ?? "unreadable"}`);
  }
  const list: unknown =
    typeof flows === "object" && flows !== null && !Array.isArray(flows)
      ? (flows as Record<string, unknown>).flows
      : flows;
  if (!Array.isArray(list)) throw new UsageError(`${file} is not a flows file: it holds no list of nodes`);
  return flows;
}

/**
 * What the audit needs about dashboards and websocket listeners, read from the user directory: the
 * dashboards installed there and the flows file. A missing or broken flows file becomes a note — unless
 * it was named with `--flows` (`flowsArg`): then it is a usage error.
 */
export function loadDoors(
  userDir: string,
  settings: Record<string, unknown>,
  notes: Text[],
  flowsArg?: string,
): DoorContext {
  const installed = {
    dashboard1: dependsOn(userDir, "node-red-dashboard"),
    dashboard2: dependsOn(userDir, "@flowfuse/node-red-dashboard"),
  };
  if (flowsArg !== undefined) {
    const flows = readFlowsArg(flowsFileFor(userDir, settings, flowsArg));
    return { installed, flows, guards: gatesInFlows(flows) };
  }
  const flowFile = flowsFileFor(userDir, settings);
  let flows: unknown;
  if (!existsSync(flowFile)) {
    notes.push(note("noFlowsFile", { file: flowFile }));
  } else {
    try {
      flows = JSON.parse(readFileSync(flowFile, "utf8"));
    } catch (err) {
      const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
      notes.push(note("flowsUnreadable", { file: flowFile, reason: reason ?? "unknown error" }));
    }
  }
  return { installed, ...(flows === undefined ? {} : { flows, guards: gatesInFlows(flows) }) };
}
