// Builds the package: tsc for the runtime code, esbuild for the sidebar's browser bundle,
// and icons copied to where Node-RED looks for them (an icons/ folder beside the node files).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = (...p) => join(root, ...p);

function clean() {
  for (const dir of ["dist", "resources", "nodes/icons"]) rmSync(out(dir), { recursive: true, force: true });
}

clean();
if (process.argv.includes("--clean")) process.exit(0);

execFileSync(process.execPath, [out("node_modules/typescript/bin/tsc"), "-p", out("tsconfig.json")], {
  stdio: "inherit",
  cwd: root,
});
chmodSync(out("dist/cli/main.js"), 0o755);

await build({
  entryPoints: [out("src/editor/index.ts")],
  outfile: out("resources/security-sidebar.js"),
  bundle: true,
  format: "iife",
  globalName: "NodeRedContribSecurity",
  platform: "browser",
  target: ["es2019"],
  loader: { ".css": "text" },
  legalComments: "none",
  logLevel: "warning",
});

// The QR code of the auth-users dialog's second-factor set-up, drawn in the browser.
await build({
  entryPoints: [out("src/editor/qr.ts")],
  outfile: out("resources/qr.js"),
  bundle: true,
  format: "iife",
  globalName: "NodeRedContribSecurityQr",
  platform: "browser",
  target: ["es2019"],
  legalComments: "none",
  logLevel: "warning",
});

mkdirSync(out("nodes/icons"), { recursive: true });
for (const file of readdirSync(out("icons"))) {
  if (existsSync(out("icons", file))) cpSync(out("icons", file), out("nodes/icons", file));
}
console.log("build: dist/, resources/security-sidebar.js, resources/qr.js, nodes/icons/");
