// Loads a user's settings.js the way Node-RED does, turning every failure into a clear message.
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export class UsageError extends Error {}

export interface LoadedSettings {
  readonly userDir: string;
  readonly settingsFile?: string;
  readonly settings: Record<string, unknown>;
  readonly notes: string[];
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
      notes: [`No settings.js in ${userDir}: Node-RED's defaults were assumed.`],
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
