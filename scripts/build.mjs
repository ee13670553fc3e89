// Builds the package: tsc for the runtime code, esbuild for the editor's browser bundles and for
// express-rate-limit (bundled into dist/, so it is no runtime dependency), and declaration files that
// name only types of Node.js and of the package itself. `npm pack` runs it (prepack).
import { execFileSync } from "node:child_process";
import { builtinModules } from "node:module";
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = (...p) => join(root, ...p);

function clean() {
  for (const dir of ["dist", "resources"]) rmSync(out(dir), { recursive: true, force: true });
}

clean();
if (process.argv.includes("--clean")) process.exit(0);

execFileSync(process.execPath, [out("node_modules/typescript/bin/tsc"), "-p", out("tsconfig.json")], {
  stdio: "inherit",
  cwd: root,
});
chmodSync(out("dist/cli/main.js"), 0o755);

// express-rate-limit and rate-limit-redis, each with what it requires, bundled in place of the re-exports
// that tsc wrote for src/vendor/*.ts; their licences go beside them.
const licences = new Map();
const vendoredFiles = ["express-rate-limit", "rate-limit-redis"];
for (const name of vendoredFiles) {
  const vendored = out(`dist/vendor/${name}.js`);
  const bundled = await build({
    entryPoints: [vendored],
    outfile: vendored,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: ["node20"],
    legalComments: "inline",
    metafile: true,
    logLevel: "warning",
  });
  rmSync(`${vendored}.map`, { force: true });
  rmSync(out(`dist/vendor/${name}.d.ts`), { force: true });
  for (const input of Object.keys(bundled.metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || licences.has(match[1])) continue;
    const dir = out("node_modules", match[1]);
    const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`build: ${match[1]} is bundled into dist/ but ships no licence file`);
    licences.set(match[1], `${match[1]} ${version} (${license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`);
  }
}
writeFileSync(
  out("dist/vendor/THIRD-PARTY-LICENSES.txt"),
  `Bundled into ${vendoredFiles.map((name) => `dist/vendor/${name}.js`).join(" and ")}:\n\n${[...licences.values()].join("\n\n")}`,
);

// Declaration files: only what dist/index.d.ts (the package's one entry point) reaches is kept, and
// its imports of "express" and "express-rate-limit" point at src/http-shapes.ts instead, since the
// package depends on neither. Anything else it imports must be Node.js or a dependency.
const pkg = JSON.parse(readFileSync(out("package.json"), "utf8"));
const allowed = new Set([
  ...builtinModules.map((m) => `node:${m.replace(/^node:/, "")}`),
  ...Object.keys(pkg.dependencies),
]);
const shapes = out("dist/http-shapes.d.ts");
const reached = new Set();
function declarationFor(from, specifier) {
  const base = resolve(dirname(from), specifier);
  return [`${base}.d.ts`, join(base, "index.d.ts")].find((f) => existsSync(f));
}
function visit(file) {
  if (reached.has(file)) return;
  reached.add(file);
  let text = readFileSync(file, "utf8");
  text = text.replace(/(from |import\()"(express|express-rate-limit)"/g, (_, lead) => {
    const target = relative(dirname(file), shapes).replace(/\.d\.ts$/, "");
    return `${lead}"${target.startsWith(".") ? target : `./${target}`}"`;
  });
  writeFileSync(file, text);
  for (const [, specifier] of text.matchAll(/(?:from |import\()"([^"]+)"/g)) {
    if (specifier.startsWith(".")) {
      const target = declarationFor(file, specifier);
      if (!target) throw new Error(`build: ${relative(root, file)} imports ${specifier}, which has no declarations`);
      visit(target);
    } else if (!allowed.has(specifier)) {
      throw new Error(`build: ${relative(root, file)} names types of "${specifier}", which is no dependency`);
    }
  }
}
visit(out("dist/index.d.ts"));
visit(shapes);
(function prune(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) prune(file);
    else if (name.endsWith(".d.ts") && !reached.has(file)) rmSync(file);
  }
})(out("dist"));

/** A browser bundle for the editor: an IIFE that puts what `entry` exports on window[globalName]. */
function browserBundle(entry, outfile, globalName, options = {}) {
  return build({
    entryPoints: [out(entry)],
    outfile: out(outfile),
    bundle: true,
    format: "iife",
    globalName,
    platform: "browser",
    target: ["es2019"],
    legalComments: "none",
    logLevel: "warning",
    ...options,
  });
}

// The Security tab.
await browserBundle("src/editor/index.ts", "resources/security-sidebar.js", "NodeRedContribSecurity", {
  loader: { ".css": "text" },
});
// The QR code of the auth-users dialog's second-factor set-up, drawn in the browser.
await browserBundle("src/editor/qr.ts", "resources/qr.js", "NodeRedContribSecurityQr");
// The auth-users dialog (oneditprepare/-save/-cancel of nodes/auth-users.html).
await browserBundle(
  "src/dialogs/auth-users/index.ts",
  "resources/auth-users-dialog.js",
  "NodeRedContribSecurityAuthUsers",
);
// The input rules the node dialogs share with the runtime (src/shared/validate.ts).
await browserBundle("src/shared/validate.ts", "resources/validate.js", "NodeRedContribSecurityValidate");

console.log(
  "build: dist/, resources/security-sidebar.js, resources/qr.js, resources/auth-users-dialog.js, resources/validate.js",
);
