// The settings.js editor: edits Node-RED's own default settings.js (4.1 and 5) and hand-written ones,
// keeps a backup, loads the result as Node-RED would before replacing the file, shows the diff — and
// refuses, writing nothing, a file that does not load or an active key.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SETTINGS_EDIT_TEXTS, SettingsEditError, addSettings } from "../../../src/settings-file/edit-settings";
import { catalogue } from "../../../src/i18n/catalog";
import { httpsText } from "../../../src/tls/check-pair";
import { unifiedDiff } from "../../../src/settings-file/diff";
import { restartAdvice } from "../../../src/settings-file/restart";
import { ROOT } from "../../support/cli";

const DEFAULTS = {
  "4.1": join(ROOT, "node_modules", "node-red", "settings.js"),
  "5": join(ROOT, "test", "runtimes", "node-red-5", "node_modules", "node-red", "settings.js"),
};
const ENTRIES = [
  { key: "https", value: "function () { return undefined; }" },
  { key: "httpsRefreshInterval", value: "12" },
];
const TERMINAL = { kind: "terminal", text: "restart" } as const;

function load(file: string): Record<string, unknown> {
  return createRequire(file)(file) as Record<string, unknown>;
}

async function refused(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof SettingsEditError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

describe("the settings.js editor (src/settings-file)", function () {
  this.timeout(60_000);

  it("words its refusals in English exactly as the en-US catalogue the tab and the CLI translate from", () => {
    const english = catalogue("security-sidebar.json", "en-US", "plugins/locales").settingsEdit;
    assert.deepEqual(english, SETTINGS_EDIT_TEXTS);
  });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-settings-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [version, source] of Object.entries(DEFAULTS)) {
    it(`edits Node-RED ${version}'s default settings.js beside its commented https example`, async () => {
      const file = join(dir, "settings.js");
      copyFileSync(source, file);
      const before = readFileSync(file, "utf8");
      const result = await addSettings(file, ENTRIES, {
        by: "alice",
        now: new Date("2026-11-30T10:00:00Z"),
        restart: TERMINAL,
      });
      const after = readFileSync(file, "utf8");
      // The backup is the old file, dated, beside it.
      assert.equal(result.backup, join(dir, "settings.js.backup-2026-11-30T10-00-00"));
      assert.equal(readFileSync(result.backup, "utf8"), before);
      // Inserted right above Node-RED's own commented-out examples, nothing else touched.
      const lines = after.split("\n");
      const https = lines.findIndex((l) => l === "    https: function () { return undefined; },");
      assert.equal(lines[https + 1], "    //https: {");
      assert.match(
        lines[https - 1] ?? "",
        /^ {4}\/\/ Added by node-red-contrib-security on 2026-11-30 for alice \(backup: settings\.js\.backup-2026-11-30T10-00-00\)$/,
      );
      const refresh = lines.findIndex((l) => l === "    httpsRefreshInterval: 12,");
      assert.equal(lines[refresh + 1], "    //httpsRefreshInterval : 12,");
      assert.equal(lines.length, before.split("\n").length + 4);
      const settings = load(file);
      assert.equal(typeof settings.https, "function");
      assert.equal(settings.httpsRefreshInterval, 12);
      assert.equal(settings.flowFile, "flows.json", "the rest of the file still works");
      assert.equal(result.diff, unifiedDiff(before, after, "settings.js"));
      assert.match(result.diff, /^--- settings\.js\n\+\+\+ settings\.js\n@@ -\d+,6 \+\d+,8 @@\n/);
      assert.match(result.diff, /\n\+ {4}https: function \(\) \{ return undefined; \},\n {5}\/\/https: \{\n/);
      // No temporary files left behind.
      assert.deepEqual(readdirSync(dir).sort(), ["settings.js", "settings.js.backup-2026-11-30T10-00-00"]);
    });
  }

  it("edits a hand-written settings.js (first in the object) and a one-line one", async () => {
    const file = join(dir, "settings.js");
    writeFileSync(
      file,
      'const fs = require("fs");\n\nmodule.exports = {\n  uiPort: 1880,\n  flowFile: "flows.json",\n};\n',
    );
    const result = await addSettings(file, [{ key: "requireHttps", value: "true" }], { restart: TERMINAL });
    assert.match(
      readFileSync(file, "utf8"),
      /^module\.exports = \{\n {2}\/\/ Added by .*\n {2}requireHttps: true,\n {2}uiPort: 1880,$/m,
    );
    assert.equal(load(file).requireHttps, true);
    assert.match(result.diff, /^@@ -1,6 \+1,8 @@$/m);
    const one = join(dir, "one.js");
    writeFileSync(one, "module.exports = { uiPort: 1880 }\n");
    await addSettings(one, [{ key: "uiHost", value: '"127.0.0.1"' }], { restart: TERMINAL });
    assert.deepEqual(load(one), { uiHost: "127.0.0.1", uiPort: 1880 });
  });

  it("puts the line first in the object when the commented example sits inside another setting", async () => {
    const file = join(dir, "settings.js");
    writeFileSync(file, "module.exports = {\n    editorTheme: {\n        //requireHttps: true,\n    },\n};\n");
    await addSettings(file, [{ key: "requireHttps", value: "true" }], { restart: TERMINAL });
    const settings = load(file);
    assert.equal(settings.requireHttps, true);
    assert.deepEqual(settings.editorTheme, {});
  });

  it("never overwrites an active key: it names the line to change, and writes nothing", async () => {
    const file = join(dir, "settings.js");
    const text = 'module.exports = {\n    uiPort: 1880,\n    https: {\n        key: "k",\n    },\n};\n';
    writeFileSync(file, text);
    await refused(
      addSettings(file, ENTRIES, { restart: TERMINAL }),
      "active-key",
      /already sets https on line 3: it is not overwritten\. Change that line to: https: function \(\) \{ return undefined; \},$/,
    );
    // The same refusal in the user's language, with the same file, line and wanted line.
    const err = await addSettings(file, ENTRIES, { restart: TERMINAL }).catch((e: unknown) => e);
    assert.ok(err instanceof SettingsEditError);
    assert.equal(httpsText(err.text, "en-US"), err.message);
    assert.equal(
      httpsText(err.text, "de"),
      `${file} setzt https bereits in Zeile 3: Die Einstellung wird nicht überschrieben. Ändern Sie diese Zeile in: https: function () { return undefined; },`,
    );
    assert.match(httpsText(err.text, "ja"), /の 3 行目ですでに https が設定されています。上書きはしません。/);
    assert.equal(readFileSync(file, "utf8"), text);
    assert.deepEqual(readdirSync(dir), ["settings.js"]);
  });

  it("fills a key set to an empty object (Node-RED's default externalModules), and refuses one with contents", async () => {
    const LIMITS = [{ key: "externalModules", value: "{ palette: { allowInstall: false, allowUpload: false } }" }];
    const wanted = { palette: { allowInstall: false, allowUpload: false } };
    const file = join(dir, "settings.js");
    // Braces on one line.
    writeFileSync(file, "module.exports = {\n    uiPort: 1880,\n    externalModules: {},\n};\n");
    await addSettings(file, LIMITS, { restart: TERMINAL, by: "ann" });
    assert.deepEqual(load(file).externalModules, wanted);
    assert.match(
      readFileSync(file, "utf8"),
      /\n {4}\/\/ Added by node-red-contrib-security[^\n]*\n {4}externalModules: \{ palette/,
    );
    // Only comments inside, as in Node-RED's own file: they stay, the limits come first.
    const other = mkdtempSync(join(tmpdir(), "nrs-fill-"));
    try {
      const commented = join(other, "settings.js");
      const text = "module.exports = {\n    externalModules: {\n        // autoInstall: false,\n    },\n};\n";
      writeFileSync(commented, text);
      await addSettings(commented, LIMITS, { restart: TERMINAL });
      assert.deepEqual(load(commented).externalModules, wanted);
      assert.match(
        readFileSync(commented, "utf8"),
        /palette: \{ allowInstall: false, allowUpload: false \},\n {8}\/\/ autoInstall: false,/,
      );
      // Something set in it: never overwritten.
      const used = "module.exports = {\n    externalModules: {\n        autoInstall: true,\n    },\n};\n";
      writeFileSync(commented, used);
      await refused(
        addSettings(commented, LIMITS, { restart: TERMINAL }),
        "active-key",
        /already sets externalModules on line 2/,
      );
      assert.equal(readFileSync(commented, "utf8"), used);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("refuses a settings.js that does not load, and one that exports no object, writing nothing", async () => {
    const file = join(dir, "settings.js");
    const broken = "module.exports = {\n    uiPort: 1880,,\n};\n";
    writeFileSync(file, broken);
    await refused(
      addSettings(file, ENTRIES),
      "not-loadable",
      /does not load as it is \(Unexpected token.*\): nothing was changed/,
    );
    assert.equal(readFileSync(file, "utf8"), broken);
    writeFileSync(file, 'module.exports = "nope";\n');
    await refused(addSettings(file, ENTRIES), "not-loadable", /it does not export a settings object/);
    writeFileSync(file, "throw new Error('missing module foo');\n");
    await refused(addSettings(file, ENTRIES), "not-loadable", /\(missing module foo\)/);
    assert.deepEqual(readdirSync(dir), ["settings.js"]);
  });

  it("refuses a settings.js whose object it cannot find, when the lines would not land in it", async () => {
    const file = join(dir, "settings.js");
    const text = "const s = { uiPort: 1880 };\nmodule.exports = s;\n";
    writeFileSync(file, text);
    await refused(addSettings(file, ENTRIES), "no-exports", /no line starting with "module\.exports = \{"/);
    assert.equal(readFileSync(file, "utf8"), text);
  });
});

describe("restart advice (src/settings-file/restart)", () => {
  const probe = (env: NodeJS.ProcessEnv, files: Record<string, string> = {}) => ({
    env,
    exists: (p: string) => p in files,
    read: (p: string) => files[p],
  });

  it("recognises pm2, Docker, the Raspberry Pi script, systemd and a plain terminal", () => {
    assert.equal(restartAdvice(probe({ pm_id: "0", name: "node-red" })).command, "pm2 restart node-red");
    assert.equal(restartAdvice(probe({ HOSTNAME: "abc123" }, { "/.dockerenv": "" })).command, "docker restart abc123");
    const pi = restartAdvice(probe({ INVOCATION_ID: "x", PATH: "/usr/bin" }, { "/usr/bin/node-red-restart": "" }));
    assert.equal(pi.kind, "raspberry-pi");
    assert.equal(pi.command, "node-red-restart");
    const systemd = restartAdvice(
      probe({ INVOCATION_ID: "x", PATH: "/bin" }, { "/proc/self/cgroup": "0::/system.slice/nodered.service\n" }),
    );
    assert.equal(systemd.command, "sudo systemctl restart nodered.service");
    const byComm = restartAdvice(
      probe({}, { "/proc/1/comm": "systemd\n", "/proc/self/cgroup": "0::/system.slice/node-red-home.service\n" }),
    );
    assert.equal(byComm.command, "sudo systemctl restart node-red-home.service");
    const terminal = restartAdvice(probe({}));
    assert.equal(terminal.kind, "terminal");
    assert.match(terminal.text, /Ctrl\+C/);
  });
});
