// Installs the second Node-RED the tests run against (Node-RED 5 on Node.js 22, from the npm registry)
// into test/runtimes/node-red-5, pinned by its own lockfile. Does nothing when it is already there.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "test", "runtimes", "node-red-5");
const lock = join(dir, "package-lock.json");
const stamp = join(dir, "node_modules", ".installed-lock-sha256");
const node = join(dir, "node_modules", "node", "bin", "node");

const wanted = createHash("sha256").update(readFileSync(lock)).digest("hex");
const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";

if (installed !== wanted || !existsSync(node)) {
  console.log("setup: installing Node-RED 5 and Node.js 22 for the tests into test/runtimes/node-red-5 …");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
  writeFileSync(stamp, `${wanted}\n`);
}

const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
if (!/^v22\./.test(version)) {
  console.error(`setup: expected Node.js 22 in ${node}, found ${version}`);
  process.exit(1);
}
console.log(`setup: Node-RED 5 test runtime ready (Node.js ${version})`);
