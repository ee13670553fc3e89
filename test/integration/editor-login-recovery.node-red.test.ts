// Never locked out of the editor: security.adminAuth naming an auth-users list that cannot log anyone
// in still lets Node-RED start, logs one clear line and says why on the login page;
// `reset-editor-login` then makes a recovery login that works after a restart; and the list that
// guards the editor cannot lose its last admin's password.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { deploy, setPasswords } from "../support/deploy";
import { call, editorLogin, editorUsersFlows } from "../support/editor-login";
import { STRONG_PASSWORD } from "../support/hashes";
import { RUNTIMES, makeUserDir, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";

const FLOWS = editorUsersFlows("viewer");

const SETTINGS = `adminAuth: require("node-red-contrib-security").adminAuth({ users: "users1" }),`;
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

for (const runtime of ["4", "5"] as RuntimeName[])
  describe(`never locked out of the editor (${RUNTIMES[runtime].label})`, function () {
    this.timeout(180_000);
    const userDir = makeUserDir();
    let red: RunningNodeRed | undefined;
    let recoveryPassword = "";
    let token = "";

    after(async () => {
      await red?.stop();
    });

    it("starts with a users list nobody can log in with, logs it once, and the login page says why", async () => {
      red = await startNodeRed({ runtime, userDir, flows: FLOWS, settings: SETTINGS });
      assert.equal((await call(`${red.url}/flows`)).status, 401);
      const page = await call(`${red.url}/auth/strategy`);
      assert.equal(page.status, 503);
      assert.match(page.text, /auth-users node users1 has no user with a password/);
      assert.match(page.text, /reset-editor-login/);
      // In the visitor's language, as the login page itself (the reason names the node, in English).
      const german = await call(`${red.url}/auth/strategy`, {
        headers: { "Accept-Language": "de-AT,de;q=0.9,en;q=0.5" },
      });
      assert.equal(german.status, 503);
      assert.match(german.text, /<html lang="de">/);
      assert.match(german.text, /Die Anmeldung am Editor funktioniert nicht: .*users1.*reset-editor-login/s);
      assert.match(german.text, /Benutzername/);
      const japanese = await call(`${red.url}/auth/strategy`, { headers: { "Accept-Language": "ja" } });
      assert.match(japanese.text, /エディタにログインできない状態です/);
      await call(`${red.url}/auth/strategy`);
      const lines = red
        .log()
        .split("\n")
        .filter((l) => l.includes("adminAuth(): auth-users node users1"));
      assert.equal(lines.length, 1, red.log());
      const posted = await call(`${red.url}/auth/strategy/callback`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "username=anna&password=x",
      });
      assert.equal(posted.status, 503);
      assert.equal(posted.headers.location, undefined);
    });

    it("reset-editor-login writes a private recovery file and prints its password once", async () => {
      const result = await runCli(["reset-editor-login", userDir]);
      assert.equal(result.code, 0, result.stderr);
      recoveryPassword = /password:\s+(\S+)/.exec(result.stdout)?.[1] ?? "";
      assert.match(recoveryPassword, /^\S{20}$/);
      assert.match(result.stdout, /user name: recovery-admin/);
      assert.match(result.stdout, /delete/);
      const file = join(userDir, "security", "editor-recovery.json");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(!readFileSync(file, "utf8").includes(recoveryPassword), "the file holds the password");
      // It counts from the next start: until then the login page still says what is wrong.
      assert.equal((await call(`${red!.url}/auth/strategy`)).status, 503);
    });

    it("after a restart, the recovery login opens the editor with full permission", async () => {
      await red!.stop();
      red = await startNodeRed({ runtime, userDir, settings: SETTINGS });
      assert.match(red.log(), /recovery login "recovery-admin"/);
      const wrong = await editorLogin(red.url, "recovery-admin", "not-the-password");
      assert.equal(wrong.page?.status, 401);
      const { token: made } = await editorLogin(red.url, "recovery-admin", recoveryPassword);
      assert.ok(made);
      token = made;
      assert.equal((await call(`${red.url}/flows`, { headers: bearer(token) })).status, 200);
    });

    it("lets the recovered admin fix the list, after which its own admin logs in", async () => {
      await setPasswords(red!, "users1", { u1: STRONG_PASSWORD }, token);
      await deploy(red!, FLOWS, ["users1"], token);
      const { token: anna } = await editorLogin(red!.url, "anna", STRONG_PASSWORD);
      assert.ok(anna, "anna cannot log in after her password was set");
    });

    it("tells the dialog which list guards the editor, and refuses to drop its last admin's password", async () => {
      const guard = await call(`${red!.url}/auth-users/editor-guard`, { headers: bearer(token) });
      assert.equal(guard.status, 200);
      assert.deepEqual(JSON.parse(guard.text), { usersId: "users1", adminRoles: ["admin"] });
      assert.equal((await call(`${red!.url}/auth-users/editor-guard`)).status, 401);

      const drop = await call(`${red!.url}/auth-users/users1/passwords`, {
        method: "POST",
        headers: { ...bearer(token), "Content-Type": "application/json" },
        body: JSON.stringify({ remove: ["u1"] }),
      });
      assert.equal(drop.status, 409);
      assert.equal((JSON.parse(drop.text) as { code?: string }).code, "ERR_NRS_LAST_EDITOR_ADMIN");
      const { token: anna } = await editorLogin(red!.url, "anna", STRONG_PASSWORD);
      assert.ok(anna, "anna lost her login although the change was refused");

      // Dropping a viewer's password is fine.
      await setPasswords(red!, "users1", { u2: STRONG_PASSWORD }, token);
      const viewer = await call(`${red!.url}/auth-users/users1/passwords`, {
        method: "POST",
        headers: { ...bearer(token), "Content-Type": "application/json" },
        body: JSON.stringify({ remove: ["u2"] }),
      });
      assert.equal(viewer.status, 200, viewer.text);
    });
  });
