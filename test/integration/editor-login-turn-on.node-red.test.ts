// "Turn on the editor login" from the Security tab in a real Node-RED (4.1 and 5): the tab's route edits
// a copy of Node-RED's own default settings.js (with a new user) and a hand-written one (with a deployed
// auth-users list's admins); the backup exists; the restarted instance asks for the login, the package's
// login page lets the user in, and the grade moves up. Bad input — a short password, a list without an
// admin, a settings.js that does not load, an active adminAuth — is refused with a clear message and
// nothing written.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deploy, setPasswords } from "../support/deploy";
import { call, editorLogin, editorUsersFlows } from "../support/editor-login";
import { STRONG_PASSWORD } from "../support/hashes";
import { RUNTIMES, linkPackage, makeUserDir, type RunningNodeRed, type RuntimeName } from "../support/node-red";
import { startWithOwnSettings, userDirWithDefaultSettings } from "../support/own-settings";

interface Report {
  score: number;
  grade: string;
  findings: { id: string; severity: string }[];
}

const NEW_PASSWORD = "correct horse battery staple";

const FLOWS = editorUsersFlows("viewer");

const HAND_WRITTEN = `// My own settings, written by hand.
const path = require("path");

module.exports = {
  uiHost: "127.0.0.1",
  uiPort: process.env.PORT,
  flowFile: "flows.json",
  nodesExcludes: ["node-red-dashboard"],
  logging: { console: { level: "info" } },
  functionGlobalContext: { path },
  httpNodeCors: { origin: "*" },
};
`;

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function posture(url: string, token?: string): Promise<Report> {
  const res = await call(`${url}/security/posture`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as Report;
}

function severity(report: Report, id: string): string | undefined {
  return report.findings.find((f) => f.id === id)?.severity;
}

function backups(userDir: string): string[] {
  return readdirSync(userDir).filter((f) => f.startsWith("settings.js.backup-"));
}

for (const runtime of ["4", "5"] as RuntimeName[]) {
  describe(`Turn on the editor login from the Security tab (${RUNTIMES[runtime].label})`, function () {
    this.timeout(180_000);

    describe("Node-RED's own default settings.js, a new user", () => {
      let red: RunningNodeRed | undefined;
      let userDir: string;
      let settingsFile: string;
      before(async () => {
        userDir = await userDirWithDefaultSettings(runtime, "nrs-login-default-");
        settingsFile = join(userDir, "settings.js");
        red = await startWithOwnSettings(runtime, userDir, "http");
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("edits settings.js, and the restarted instance asks for the login the new user passes; the grade moves up", async () => {
        assert.ok(red);
        const before = await posture(red.url);
        assert.notEqual(severity(before, "NRS-ADMIN-001"), "pass");
        assert.notEqual(severity(before, "NRS-ADMIN-001"), undefined);
        const info = (await (await fetch(`${red.url}/security/editor-login`)).json()) as Record<string, unknown>;
        assert.equal(info.adminAuth, "none");
        assert.deepEqual(info.lists, []);
        const original = readFileSync(settingsFile, "utf8");

        const short = await post(`${red.url}/security/editor-login`, { username: "ann", password: "short" });
        assert.equal(short.status, 400);
        assert.match(String(short.json.error), /at least 8 characters/);
        assert.equal(readFileSync(settingsFile, "utf8"), original);
        assert.equal(existsSync(join(userDir, "security", "editor-users.json")), false);
        assert.deepEqual(backups(userDir), []);

        const res = await post(`${red.url}/security/editor-login`, { username: "ann", password: NEW_PASSWORD });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        const usersFile = join(userDir, "security", "editor-users.json");
        assert.equal(res.json.usersFile, usersFile);
        assert.equal(statSync(usersFile).mode & 0o777, 0o600);
        const stored = readFileSync(usersFile, "utf8");
        assert.ok(!stored.includes(NEW_PASSWORD), "the users file holds the password");
        assert.match(stored, /"username": "ann"[\s\S]*"\$2b\$/);
        assert.match(
          String(res.json.diff),
          new RegExp(
            `\\n\\+ {4}adminAuth: require\\("node-red-contrib-security"\\)\\.adminAuth\\(\\{ users: ${JSON.stringify(usersFile).replace(/[/.]/g, "\\$&")} \\}\\),\\n {5}//adminAuth: \\{\\n`,
          ),
        );
        assert.equal(readFileSync(String(res.json.backup), "utf8"), original);
        assert.match(String((res.json.restart as { text?: string }).text), /restart|Ctrl\+C/i);
        assert.match(
          red.log(),
          /\[security\] an editor user without a login \(no adminAuth\) turned on the editor login in .*settings\.js \(backup: .*, users file: .*editor-users\.json\)/,
        );
        assert.ok(!red.log().includes(NEW_PASSWORD), "the log holds the password");

        // Asked again: adminAuth is active now; it is never overwritten, and no second users file is made.
        const edited = readFileSync(settingsFile, "utf8");
        const again = await post(`${red.url}/security/editor-login`, { username: "bob", password: NEW_PASSWORD });
        assert.equal(again.status, 409);
        assert.match(String(again.json.error), /already sets adminAuth on line \d+: it is not overwritten/);
        assert.equal(readFileSync(settingsFile, "utf8"), edited);
        assert.equal(existsSync(join(userDir, "security", "editor-users-2.json")), false);
        assert.equal(backups(userDir).length, 1);

        await red.stop();
        red = undefined;
        red = await startWithOwnSettings(runtime, userDir, "http");
        assert.equal((await call(`${red.url}/flows`)).status, 401);
        assert.equal((await call(`${red.url}/security/posture`)).status, 401);
        const page = await call(`${red.url}/auth/strategy`);
        assert.equal(page.status, 200);
        assert.match(page.text, /<form method="post" action="\/auth\/strategy\/callback">/);
        assert.equal((await editorLogin(red.url, "ann", "not the password")).token, undefined);
        const { token } = await editorLogin(red.url, "ann", NEW_PASSWORD);
        assert.ok(token, "the new user cannot log in");
        const after = await posture(red.url, token);
        assert.equal(severity(after, "NRS-ADMIN-001"), "pass");
        assert.ok(after.score > before.score, `score ${String(before.score)} → ${String(after.score)}`);
      });
    });

    describe("a hand-written settings.js, a deployed auth-users list", () => {
      let red: RunningNodeRed | undefined;
      let userDir: string;
      let settingsFile: string;
      before(async () => {
        userDir = makeUserDir("nrs-login-hand-");
        linkPackage(userDir);
        settingsFile = join(userDir, "settings.js");
        writeFileSync(settingsFile, HAND_WRITTEN);
        writeFileSync(join(userDir, "flows.json"), JSON.stringify(FLOWS));
        red = await startWithOwnSettings(runtime, userDir, "http");
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("refuses a list without an admin and a settings.js that does not load, writing nothing", async () => {
        assert.ok(red);
        const info = (await (await fetch(`${red.url}/security/editor-login`)).json()) as { lists: unknown };
        assert.deepEqual(info.lists, [{ id: "users1", name: "Home", admins: 0 }]);
        const none = await post(`${red.url}/security/editor-login`, { list: "users1" });
        assert.equal(none.status, 400);
        assert.match(String(none.json.error), /"Home" has no enabled user with the role "admin" and a password/);

        await setPasswords(red, "users1", { u1: STRONG_PASSWORD, u2: STRONG_PASSWORD });
        await deploy(red, FLOWS, ["users1"]);
        const counted = (await (await fetch(`${red.url}/security/editor-login`)).json()) as { lists: unknown };
        assert.deepEqual(counted.lists, [{ id: "users1", name: "Home", admins: 1 }]);

        const broken = HAND_WRITTEN.replace("functionGlobalContext: { path },", "functionGlobalContext: { path ,");
        writeFileSync(settingsFile, broken);
        const refused = await post(`${red.url}/security/editor-login`, { list: "users1" });
        assert.equal(refused.status, 400);
        assert.equal(refused.json.code, "ERR_NRS_SETTINGS_NOT_LOADABLE");
        assert.match(String(refused.json.error), /does not load as it is .*nothing was changed\. Fix it first/);
        assert.equal(readFileSync(settingsFile, "utf8"), broken);
        assert.deepEqual(backups(userDir), []);
        writeFileSync(settingsFile, HAND_WRITTEN);
      });

      it("adds a random credentialSecret (shown masked, never logged) and the palette limits; names the lines it will not change", async () => {
        assert.ok(red);
        const secret = await post(`${red.url}/security/settings-fix`, { fix: "credential-secret" });
        assert.equal(secret.status, 200, JSON.stringify(secret.json));
        const written = /credentialSecret: "([A-Za-z0-9_-]{32})",/.exec(readFileSync(settingsFile, "utf8"))?.[1];
        assert.ok(written, "no credentialSecret in settings.js");
        assert.match(
          String(secret.json.maskedSecret),
          new RegExp(`^${written.slice(0, 4).replace(/-/g, "\\-")}•{12}$`),
        );
        assert.ok(!String(secret.json.diff).includes(written), "the diff shows the secret");
        assert.match(String(secret.json.diff), /\+ {2}credentialSecret: ".{4}•{12}",/);
        assert.ok(!red.log().includes(written), "the log holds the secret");
        assert.match(red.log(), /\[security\] .* applied the credential-secret fix to .*settings\.js \(backup: /);

        const palette = await post(`${red.url}/security/settings-fix`, { fix: "palette-limits" });
        assert.equal(palette.status, 200, JSON.stringify(palette.json));
        assert.match(
          String(palette.json.diff),
          /\+ {2}externalModules: \{ palette: \{ allowInstall: false, allowUpload: false \} \},/,
        );
        const edited = readFileSync(settingsFile, "utf8");
        const uiHost = await post(`${red.url}/security/settings-fix`, { fix: "ui-host" });
        assert.equal(uiHost.status, 409);
        assert.match(String(uiHost.json.error), /already sets uiHost on line 9: it is not overwritten/);
        // The tab asks in the editor's language: the same refusal, code and line in German.
        const uiHostDe = await post(`${red.url}/security/settings-fix?lang=de`, { fix: "ui-host" });
        assert.equal(uiHostDe.status, 409);
        assert.equal(uiHostDe.json.code, "ERR_NRS_SETTINGS_ACTIVE_KEY");
        assert.match(
          String(uiHostDe.json.error),
          /setzt uiHost bereits in Zeile 9: Die Einstellung wird nicht überschrieben\. Ändern Sie diese Zeile in: uiHost: "127\.0\.0\.1",/,
        );
        assert.equal((uiHostDe.json.activeKey as { line?: number } | undefined)?.line, 9);
        const cors = await post(`${red.url}/security/settings-fix`, { fix: "cors" });
        assert.equal(cors.status, 409);
        assert.match(
          String(cors.json.error),
          /already sets httpNodeCors on line 15: it is not overwritten\. Change that line to: httpNodeCors: \{ origin: "https:\/\/my-app\.example\.com" \},/,
        );
        const unknown = await post(`${red.url}/security/settings-fix`, { fix: "everything" });
        assert.equal(unknown.status, 400);
        assert.equal(readFileSync(settingsFile, "utf8"), edited);
      });

      it("makes the list's admins the editor's admins after a restart, and the grade moves up", async () => {
        assert.ok(red);
        const before = await posture(red.url);
        const original = readFileSync(settingsFile, "utf8");
        const res = await post(`${red.url}/security/editor-login`, { list: "users1" });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal(res.json.usersFile, null);
        assert.match(
          String(res.json.diff),
          /\n module\.exports = \{\n\+ {2}\/\/ Added by node-red-contrib-security .*\n\+ {2}adminAuth: require\("node-red-contrib-security"\)\.adminAuth\(\{ users: "users1" \}\),\n {3}\/\/ Added by node-red-contrib-security .*\n {3}externalModules/,
        );
        assert.equal(readFileSync(String(res.json.backup), "utf8"), original);
        await red.stop();
        red = undefined;
        red = await startWithOwnSettings(runtime, userDir, "http");
        assert.equal((await call(`${red.url}/flows`)).status, 401);
        assert.equal((await editorLogin(red.url, "ben", STRONG_PASSWORD)).token, undefined, "a viewer got in");
        const { token } = await editorLogin(red.url, "anna", STRONG_PASSWORD);
        assert.ok(token, "the list's admin cannot log in");
        const after = await posture(red.url, token);
        assert.equal(severity(after, "NRS-ADMIN-001"), "pass");
        assert.equal(severity(after, "NRS-SECRET-002"), "pass");
        assert.equal(severity(after, "NRS-EDITOR-002"), "pass");
        assert.ok(after.score > before.score, `score ${String(before.score)} → ${String(after.score)}`);
      });
    });
  });
}
