// Prepares what the tests need beyond npm ci: the other Node-REDs they run against (Node-RED 3.1 on
// Node.js 20.19.0, the oldest of both the package claims, and Node-RED 5 on Node.js 22; from the npm
// registry, each pinned by its own lockfile in test/runtimes/<name>), Debian's
// Chromium for the browser tests and Debian's redis-server for the shared-store tests. Does nothing for
// what is already there.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Each runtime: its folder under test/runtimes, what it holds, and the Node.js major version it must run on.
const runtimes = [
  { folder: "node-red-3", label: "Node-RED 3.1 on Node.js 20.19.0", version: /^v20\.19\.0$/ },
  { folder: "node-red-5", label: "Node-RED 5 on Node.js 22", version: /^v22\./ },
];

for (const runtime of runtimes) {
  const dir = join(root, "test", "runtimes", runtime.folder);
  const lock = join(dir, "package-lock.json");
  const stamp = join(dir, "node_modules", ".installed-lock-sha256");
  const node = join(dir, "node_modules", "node", "bin", "node");

  const wanted = createHash("sha256").update(readFileSync(lock)).digest("hex");
  const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";

  if (installed !== wanted || !existsSync(node)) {
    console.log(`setup: installing ${runtime.label} for the tests into test/runtimes/${runtime.folder} …`);
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
    writeFileSync(stamp, `${wanted}\n`);
  }

  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  if (!runtime.version.test(version)) {
    console.error(`setup: expected ${runtime.label} in ${node}, found Node.js ${version}`);
    process.exit(1);
  }
  console.log(`setup: ${runtime.label} test runtime ready (Node.js ${version})`);
}

/**
 * Installs a Debian package when `file` is missing and this is root on Debian (a fresh machine, CI);
 * otherwise says what the tests that need it will do without it.
 */
function ensureDebianPackage(file, pkg, why, without, canInstall = true) {
  if (existsSync(file)) return;
  if (canInstall && userInfo().uid === 0 && existsSync("/usr/bin/apt-get")) {
    console.log(`setup: installing Debian's ${pkg} for ${why} …`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "inherit", env });
  } else {
    console.warn(`setup: ${file} is missing; ${without} (apt-get install ${pkg})`);
  }
}

// A CHROMIUM_PATH of the user's own is never replaced by Debian's.
ensureDebianPackage(
  process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  "chromium",
  "the browser tests",
  "the browser tests will be skipped",
  !process.env.CHROMIUM_PATH,
);
// The shared-store tests start their own redis-server (test/support/redis.ts); they fail, not skip, without it.
ensureDebianPackage(
  "/usr/bin/redis-server",
  "redis-server",
  "the shared-store tests",
  "the Redis store tests will fail",
);
// The HTTPS browser test trusts the package's certificate authority through an NSS database, made with
// Debian's certutil (libnss3-tools); it fails, not skips, without it.
ensureDebianPackage(
  "/usr/bin/certutil",
  "libnss3-tools",
  "the HTTPS browser test (certutil)",
  "the HTTPS browser test will fail",
);
