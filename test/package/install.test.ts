// What users install: the tarball that `npm pack` makes from a clean export of the repository (no
// prior build: prepack builds it), installed with npm into an empty project and uploaded through the
// palette manager of a running Node-RED — which runs npm with --engine-strict — on the oldest Node.js and
// Node-RED the package claims (Node-RED 3.1 on Node.js 20.19.0), on Node-RED 4.1 and on Node-RED 5.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as Express from "express";
import type * as RateLimit from "express-rate-limit";
import type { CounterStore } from "../../src/auth/store";
import type * as Shapes from "../../src/http-shapes";
import { ROOT } from "../support/cli";
import { makeUserDir, startNodeRed, type RunningNodeRed, type RuntimeName, RUNTIMES } from "../support/node-red";

const MODULE = "node-red-contrib-security";
/** The most packages an install of the tarball into an empty project may add (issue: 87 before). */
const INSTALL_BUDGET = 25;

// The declarations name these shapes where the code uses Express's types: what Express hands over must
// fit them; and the counter store the package declares must be one express-rate-limit takes (checked by
// `npm run typecheck`).
type Fits<A, B extends A> = [A, B];
export type DeclaredShapesFit = [
  Fits<Shapes.Request, Express.Request>,
  Fits<Shapes.Response, Express.Response>,
  Fits<Shapes.NextFunction, Express.NextFunction>,
  Fits<Express.RequestHandler, Shapes.RequestHandler>,
  Fits<RateLimit.Store, CounterStore>,
];

interface PackageJson {
  name: string;
  version: string;
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  "node-red": { version: string };
  repository: { url: string };
}

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });

/**
 * The repository as a clean clone has it (the tracked and not-ignored files of this checkout, so
 * uncommitted work is packed too; never dist/ or node_modules/), set up with `npm ci` and packed.
 */
function packCleanExport(): { tarball: string; exportDir: string } {
  const exportDir = mkdtempSync(join(tmpdir(), "nrs-export-"));
  const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    .split("\0")
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(exportDir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(exportDir, file));
  }
  assert.ok(!existsSync(join(exportDir, "dist")), "the export holds a build");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], exportDir);
  assert.ok(!existsSync(join(exportDir, "dist")), "npm ci built the package already: that is prepack's job");
  const dest = join(exportDir, "packed");
  mkdirSync(dest);
  run("npm", ["pack", "--loglevel=error", "--pack-destination", dest], exportDir);
  const [tgz] = readdirSync(dest).filter((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack made no tarball");
  return { tarball: join(dest, tgz), exportDir };
}

function npmInstall(userDir: string, tarball: string): void {
  writeFileSync(join(userDir, "package.json"), JSON.stringify({ name: "node-red-project", private: true }));
  run("npm", ["install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error", tarball], userDir);
}

/** The packages an install put into node_modules (npm's record of them, hoisted or nested). */
function installedPackages(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, "node_modules", ".package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  return Object.keys(lock.packages).map((p) => p.replace(/^.*node_modules\//, ""));
}

interface PluginSet {
  id: string;
  module: string;
  plugins: { id: string }[];
}

async function pluginSets(red: RunningNodeRed): Promise<PluginSet[]> {
  const res = await fetch(`${red.url}/plugins`, { headers: { Accept: "application/json" } });
  assert.equal(res.status, 200);
  return (await res.json()) as PluginSet[];
}

async function assertNodesRegistered(red: RunningNodeRed): Promise<void> {
  const res = await fetch(`${red.url}/nodes`, { headers: { Accept: "application/json" } });
  const sets = (await res.json()) as { module: string; types: string[]; enabled: boolean; err?: string }[];
  const ours = sets.filter((s) => s.module === MODULE);
  assert.deepEqual(
    ours.map((s) => s.err ?? null),
    [null, null],
    JSON.stringify(ours),
  );
  assert.deepEqual(ours.flatMap((s) => s.types).sort(), ["auth-gate", "auth-users"]);
  const html = await (await fetch(`${red.url}/nodes`, { headers: { Accept: "text/html" } })).text();
  assert.match(html, /RED\.nodes\.registerType\("auth-gate"/);
  assert.match(html, /data-help-name="auth-gate"/);
  // The dialogs' code and the input rules they share with the runtime come from the package's bundles.
  for (const bundle of ["auth-users-dialog.js", "validate.js"]) {
    assert.match(html, new RegExp(`src="resources/node-red-contrib-security/${bundle.replace(".", "\\.")}"`));
    assert.equal((await fetch(`${red.url}/resources/${MODULE}/${bundle}`)).status, 200, bundle);
  }
  assert.equal((await fetch(`${red.url}/icons/${MODULE}/shield.svg`)).status, 200);
}

async function assertSidebarWorks(red: RunningNodeRed): Promise<void> {
  await assertNodesRegistered(red);
  const sets = await pluginSets(red);
  const ours = sets.find((s) => s.module === MODULE);
  assert.ok(ours, `${MODULE} is not among the plugins: ${JSON.stringify(sets.map((s) => s.module))}`);
  assert.equal(ours.id, `${MODULE}/security-sidebar`);
  assert.deepEqual(
    ours.plugins.map((p) => p.id),
    ["security-sidebar"],
  );
  const html = await (await fetch(`${red.url}/plugins`, { headers: { Accept: "text/html" } })).text();
  assert.match(html, /resources\/node-red-contrib-security\/security-sidebar\.js/);
  const bundle = await fetch(`${red.url}/resources/${MODULE}/security-sidebar.js`);
  assert.equal(bundle.status, 200);
  const posture = await fetch(`${red.url}/security/posture`);
  assert.equal(posture.status, 200);
  const report = (await posture.json()) as { grade: string; findings: { id: string; severity: string }[] };
  assert.match(report.grade, /^[A-F][+-]?$/);
  // No adminAuth, loopback only: the missing login is reported.
  assert.deepEqual(
    report.findings.filter((f) => f.id === "NRS-ADMIN-001").map((f) => f.severity),
    ["high"],
  );
  // The locale files are in the package: the findings come in the editor's language.
  const german = (await (await fetch(`${red.url}/security/posture?lang=de`)).json()) as {
    findings: { id: string; title: string }[];
  };
  assert.equal(german.findings.find((f) => f.id === "NRS-ADMIN-001")?.title, "Der Editor hat keine Anmeldung");
}

describe("the packed package", function () {
  this.timeout(240_000);
  let tarball: string;
  let exportDir: string;
  let pkg: PackageJson;

  before(function () {
    this.timeout(600_000);
    ({ tarball, exportDir } = packCleanExport());
    pkg = JSON.parse(
      execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
    ) as PackageJson;
  });
  after(() => {
    if (exportDir) rmSync(exportDir, { recursive: true, force: true });
  });

  it("holds the Node-RED files, the built code and the bundle, and no tests or sources", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "plugins/security-sidebar.js",
      "plugins/security-sidebar.html",
      "plugins/locales/en-US/security-sidebar.json",
      "plugins/locales/de/security-sidebar.json",
      "plugins/locales/ja/security-sidebar.json",
      "locales/en-US/findings.json",
      "locales/de/findings.json",
      "locales/ja/findings.json",
      "locales/en-US/cli.json",
      "locales/de/cli.json",
      "locales/ja/cli.json",
      "nodes/locales/de/auth-gate.html",
      "nodes/locales/ja/auth-users.json",
      "dist/i18n/catalog.js",
      "resources/security-sidebar.js",
      "resources/auth-users-dialog.js",
      "resources/validate.js",
      "nodes/icons/shield.svg",
      "nodes/auth-gate.js",
      "nodes/auth-gate.html",
      "nodes/auth-users.js",
      "nodes/auth-users.html",
      "nodes/locales/en-US/auth-gate.json",
      "nodes/locales/en-US/auth-gate.html",
      "nodes/locales/en-US/auth-users.json",
      "nodes/locales/en-US/auth-users.html",
      "dist/nodes/auth-gate.js",
      "examples/01 - Protect an API endpoint.json",
      "examples/02 - Protect a page with a login form.json",
      "examples/03 - Protect a dashboard and its websocket.json",
      "examples/04 - Replace an insecure function-node login.json",
      "plugins/dashboard-users.js",
      "dist/plugins/dashboard-users.js",
      "dist/middleware/index.js",
      "dist/plugins/security-sidebar.js",
      "dist/vendor/express-rate-limit.js",
      "dist/vendor/THIRD-PARTY-LICENSES.txt",
      "dist/cli/main.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/http-shapes.d.ts",
    ]) {
      assert.ok(files.includes(needed), `missing ${needed}`);
    }
    assert.deepEqual(
      files.filter(
        (f) =>
          /^(test|src|bench|scripts|docs)\//.test(f) ||
          f.endsWith(".map") ||
          (f.endsWith(".ts") && !f.endsWith(".d.ts")),
      ),
      [],
    );
    // The node icon once, where Node-RED looks for it (an icons/ folder beside the node files).
    assert.deepEqual(
      files.filter((f) => f.endsWith("shield.svg")),
      ["nodes/icons/shield.svg"],
    );
    // The bundled limiter carries its own copy of what it needs: no require of it or its packages.
    const limiter = execFileSync("tar", ["-xzOf", tarball, "package/dist/vendor/express-rate-limit.js"], {
      encoding: "utf8",
    });
    assert.doesNotMatch(limiter, /require\("(express-rate-limit|express|ip-address|debug)"\)/);
    assert.match(
      execFileSync("tar", ["-xzOf", tarball, "package/dist/vendor/THIRD-PARTY-LICENSES.txt"], { encoding: "utf8" }),
      /^express-rate-limit \d+\.\d+\.\d+ \(MIT\)$/m,
    );
  });

  it("has a README whose pictures and links work where npm and the flow library show it (no docs/ there)", () => {
    const readme = execFileSync("tar", ["-xzOf", tarball, "package/README.md"], { encoding: "utf8" });
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)|\bsrc="([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? "");
    assert.ok(targets.length > 0);
    assert.deepEqual(
      targets.filter((t) => !t.startsWith("#") && !t.startsWith("https://")),
      [],
      "relative links in the README",
    );
    const repo = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)?.[1];
    assert.ok(repo, pkg.repository.url);
    const ours = targets.flatMap((t) => {
      const m = new RegExp(
        `^https://(?:raw\\.githubusercontent\\.com/${repo}/main|github\\.com/${repo}/blob/main)/(.+)$`,
      ).exec(t);
      // A link to a heading names the file before its "#".
      return m?.[1] ? [m[1].replace(/#.*$/, "")] : [];
    });
    assert.ok(ours.includes("docs/security-sidebar.png") && ours.includes("docs/login-page.png"), ours.join(", "));
    for (const file of ours)
      assert.ok(existsSync(join(ROOT, file)), `the README links ${file}, which is not in the repository`);
  });

  it("asks for caret ranges of at most six dependencies (the flow library's limit), and claims the Node.js and Node-RED it is tested on", () => {
    assert.ok(Object.keys(pkg.dependencies).length <= 6, "the flow library allows at most 6 dependencies");
    assert.equal(pkg.dependencies["express-rate-limit"], undefined, "express-rate-limit is bundled, not installed");
    for (const [name, range] of Object.entries(pkg.dependencies)) {
      assert.match(range, /^\^\d+\.\d+\.\d+$/, `${name}: ${range}`);
    }
    // The lower bounds are exactly the oldest runtime the tests run on.
    const oldest = RUNTIMES["3"];
    const nodeVersion = execFileSync(oldest.node, ["--version"], { encoding: "utf8" }).trim();
    assert.equal(`v${pkg.engines.node.replace(/^>=/, "")}.0`, nodeVersion);
    const redVersion = (
      JSON.parse(readFileSync(join(dirname(oldest.redJs), "package.json"), "utf8")) as { version: string }
    ).version;
    assert.equal(pkg["node-red"].version, ">=3.1.0");
    assert.match(redVersion, /^3\.1\.\d+$/);
  });

  describe("installed with npm into an empty project", () => {
    let dir: string;
    before(function () {
      this.timeout(300_000);
      dir = makeUserDir("nrs-install-");
      npmInstall(dir, tarball);
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it(`adds at most ${String(INSTALL_BUDGET)} packages, and no Express`, () => {
      const installed = installedPackages(dir);
      assert.ok(installed.includes(MODULE), installed.join(", "));
      assert.ok(
        installed.length <= INSTALL_BUDGET,
        `${String(installed.length)} packages installed: ${installed.sort().join(", ")}`,
      );
      assert.deepEqual(
        installed.filter((p) => /^(express|express-rate-limit|@types\/.*)$/.test(p)),
        [],
      );
    });

    it("has declarations that type-check with Node.js's types alone", () => {
      writeFileSync(
        join(dir, "consumer.ts"),
        `import { createServer } from "node:http";
import * as security from "node-red-contrib-security";

const users: security.UserSpec[] = [{ username: "anna", password: "$2b$12$" + "x".repeat(53), roles: ["admin"] }];
const guard: security.GuardMiddleware = security.httpNode({ users, publicPaths: ["/health"] });
const headers = security.adminHeaders();
createServer((req, res) => headers(req, res, () => guard(req, res, () => res.end("hello")))).close();
const report: Promise<security.Report> = security.hashPassword("pw").then(() => security.runAudit({} as security.Facts));
void report;
`,
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            module: "node16",
            moduleResolution: "node16",
            target: "ES2022",
            // Only Node.js's types, from this checkout (the project itself has no @types of its own).
            types: ["node"],
            typeRoots: [join(ROOT, "node_modules", "@types")],
          },
          files: ["consumer.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      try {
        execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        assert.fail(`the declarations do not type-check without Express's types:\n${stdout ?? ""}${stderr ?? ""}`);
      }
    });

    it(`loads from it in ${RUNTIMES["4"].label} and registers the sidebar`, async () => {
      const red = await startNodeRed({ runtime: "4", userDir: dir, link: false });
      try {
        await assertSidebarWorks(red);
        assert.doesNotMatch(red.log(), /\[node-red-contrib-security[^\]]*\].*(Error|error)/);
      } finally {
        await red.stop();
      }
    });
  });

  it(`installs with npm into a fresh user directory of ${RUNTIMES["5"].label} and registers the sidebar`, async () => {
    const userDir = makeUserDir();
    let red: RunningNodeRed | undefined;
    try {
      npmInstall(userDir, tarball);
      red = await startNodeRed({ runtime: "5", userDir, link: false });
      await assertSidebarWorks(red);
      assert.doesNotMatch(red.log(), /\[node-red-contrib-security[^\]]*\].*(Error|error)/);
    } finally {
      await red?.stop();
      rmSync(userDir, { recursive: true, force: true });
    }
  });

  // The palette manager installs with `npm install --engine-strict`: an engines range of any package
  // in the tree that this Node.js does not meet fails the upload ("Install failed").
  for (const name of ["3", "4", "5"] as RuntimeName[]) {
    it(`appears without a restart when uploaded through the palette manager of ${RUNTIMES[name].label}`, async () => {
      const red = await startNodeRed({
        runtime: name,
        link: false,
        settings: "externalModules: { palette: { allowInstall: true, allowUpload: true } },",
      });
      try {
        assert.ok(!(await pluginSets(red)).some((s) => s.module === MODULE));
        assert.equal((await fetch(`${red.url}/security/posture`)).status, 404);
        const form = new FormData();
        form.append("tarball", new Blob([readFileSync(tarball)], { type: "application/gzip" }), "package.tgz");
        const res = await fetch(`${red.url}/nodes`, { method: "POST", body: form });
        assert.equal(res.status, 200, `${await res.text()}\n${red.log()}`);
        await assertSidebarWorks(red);
        const installed = JSON.parse(readFileSync(join(red.userDir, "package.json"), "utf8")) as {
          dependencies: Record<string, string>;
        };
        assert.ok(installed.dependencies[MODULE], "the upload is not recorded in the user directory's package.json");
      } finally {
        await red.stop();
      }
    });
  }
});
