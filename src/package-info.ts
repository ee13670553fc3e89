// This package's name and version, read once from its package.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";

function read(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
      name?: unknown;
      version?: unknown;
    };
    return {
      name: typeof pkg.name === "string" ? pkg.name : "node-red-contrib-security",
      version: typeof pkg.version === "string" ? pkg.version : "0.0.0",
    };
  } catch {
    return { name: "node-red-contrib-security", version: "0.0.0" };
  }
}

export const PACKAGE = read();
