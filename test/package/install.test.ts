// What users install: the packed tarball, installed into fresh Node-RED user directories with npm and
// uploaded through the palette manager of a running Node-RED, on Node-RED 4.1 and Node-RED 5.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../support/cli";
import { makeUserDir, startNodeRed, type RunningNodeRed, type RuntimeName, RUNTIMES } from "../support/node-red";

const MODULE = "node-red-contrib-security";

function pack(): string {
  const dest = mkdtempSync(join(tmpdir(), "nrs-pack-"));
  // The build already ran (npm test builds first); packing must not rebuild.
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  if (!info) throw new Error("npm pack printed nothing");
  return join(dest, info.filename);
}

function npmInstall(userDir: string, tarball: string): void {
  writeFileSync(join(userDir, "package.json"), JSON.stringify({ name: "node-red-project", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error", tarball], {
    cwd: userDir,
    stdio: ["ignore", "ignore", "pipe"],
  });
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

  before(() => {
    tarball = pack();
  });
  after(() => {
    rmSync(join(tarball, ".."), { recursive: true, force: true });
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
      "icons/shield.svg",
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
      "examples/protect-an-api-endpoint-basic.json",
      "examples/protect-a-page-with-login-and-logout.json",
      "examples/replacing-the-function-node-login.json",
      "examples/protect-a-dashboard-and-its-websocket.json",
      "plugins/dashboard-users.js",
      "dist/plugins/dashboard-users.js",
      "dist/middleware/index.js",
      "dist/plugins/security-sidebar.js",
      "dist/cli/main.js",
      "dist/index.js",
      "dist/index.d.ts",
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
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: object };
    assert.ok(Object.keys(pkg.dependencies).length <= 6, "the flow library allows at most 6 dependencies");
  });

  for (const name of ["4", "5"] as RuntimeName[]) {
    describe(RUNTIMES[name].label, () => {
      it("installs with npm into a fresh user directory and registers the sidebar", async () => {
        const userDir = makeUserDir();
        let red: RunningNodeRed | undefined;
        try {
          npmInstall(userDir, tarball);
          red = await startNodeRed({ runtime: name, userDir, link: false });
          await assertSidebarWorks(red);
          assert.doesNotMatch(red.log(), /\[node-red-contrib-security[^\]]*\].*(Error|error)/);
        } finally {
          await red?.stop();
          rmSync(userDir, { recursive: true, force: true });
        }
      });

      it("appears without a restart when uploaded through the palette manager", async () => {
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
          assert.equal(res.status, 200, await res.text());
          await assertSidebarWorks(red);
        } finally {
          await red.stop();
        }
      });
    });
  }
});
