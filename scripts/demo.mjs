// `npm start`: a local Node-RED 4.1 with this package loaded, on 127.0.0.1 only.
// Its user directory is .demo/ (flows you make there survive restarts); this checkout is linked
// into it as an installed module, so a rebuild and a restart show your changes.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const userDir = join(root, ".demo");
const port = Number(process.env.PORT ?? 1880);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}

mkdirSync(join(userDir, "node_modules"), { recursive: true });
const link = join(userDir, "node_modules", "node-red-contrib-security");
if (!existsSync(link) && !isLink(link)) symlinkSync(root, link, "dir");

// Rewritten on every start so the demo always matches this checkout. It is deliberately
// as a fresh install would be (no editor login), so the Security tab has something to say;
// it listens on 127.0.0.1 only, so nothing on your network can reach it.
writeFileSync(
  join(userDir, "settings.js"),
  `// Demo settings written by scripts/demo.mjs: edit that file, not this one.
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: ${port},
    flowFile: "flows.json",
    credentialSecret: "demo-only-credential-secret",
    telemetry: { enabled: false },
    editorTheme: { tours: false, projects: { enabled: false } },
    logging: { console: { level: "info", metrics: false, audit: false } }
};
`,
);

const redJs = join(root, "node_modules", "node-red", "red.js");
if (!existsSync(redJs)) {
  console.error("Node-RED is not installed: run `npm ci` first.");
  process.exit(2);
}
console.log(`Starting Node-RED with node-red-contrib-security on http://127.0.0.1:${port}/`);
console.log("Open it, then choose Security in the sidebar's tab menu (▾). Ctrl-C stops it.\n");
const child = spawn(process.execPath, [redJs, "--userDir", userDir, "--settings", join(userDir, "settings.js")], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
