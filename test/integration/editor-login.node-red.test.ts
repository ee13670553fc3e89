// security.adminAuth in a real Node-RED (4.1 and 5): the editor's own login is the package's login
// page. Strangers get nothing from the admin API; roles map to Node-RED permissions; a client that
// guesses is locked out while another address still logs in; users with no editor role are refused.
import assert from "node:assert/strict";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { call, editorLogin } from "../support/editor-login";
import { RUNTIMES, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";

const SETTINGS = `
  adminAuth: require("node-red-contrib-security").adminAuth({
    users: [
      { username: "ann", password: "${STRONG_10}", roles: ["admin"] },
      { username: "vic", password: "${STRONG_10}", roles: ["viewer"] },
      { username: "gus", password: "${STRONG_10}", roles: ["guest"] },
      { username: "ida", password: "${STRONG_10}", roles: ["viewer"] },
    ],
    permissions: { admin: "*", viewer: "read" },
  }),
`;

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

for (const runtime of ["4", "5"] as RuntimeName[])
  describe(`the editor login through security.adminAuth (${RUNTIMES[runtime].label})`, function () {
    this.timeout(120_000);
    let red: RunningNodeRed;

    before(async () => {
      red = await startNodeRed({ runtime, settings: SETTINGS });
    });
    after(async () => {
      await red.stop();
    });

    it("refuses a stranger at the admin API and sends the editor straight to the package's login page", async () => {
      assert.equal((await call(`${red.url}/flows`)).status, 401);
      assert.equal((await call(`${red.url}/settings/user`)).status, 401);
      const login = JSON.parse((await call(`${red.url}/auth/login`)).text) as Record<string, unknown>;
      assert.equal(login.type, "strategy");
      assert.equal(login.autoLogin, true);
      assert.equal(login.loginRedirect, "auth/strategy");
      const page = await call(`${red.url}/auth/strategy`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<form method="post" action="\/auth\/strategy\/callback">/);
      assert.match(String(page.headers["content-security-policy"]), /default-src 'none'/);
      assert.match(String(page.headers["set-cookie"]), /nrs_csrf=.*HttpOnly; SameSite=Strict/);
    });

    it("logs an admin in with Node-RED's own token, which opens the admin API", async () => {
      const { token } = await editorLogin(red.url, "ann", STRONG_PASSWORD);
      assert.ok(token);
      const flows = await call(`${red.url}/flows`, { headers: bearer(token) });
      assert.equal(flows.status, 200, flows.text);
      const me = JSON.parse((await call(`${red.url}/settings`, { headers: bearer(token) })).text) as {
        user?: { username?: string; permissions?: unknown };
      };
      assert.deepEqual(me.user, { username: "ann", permissions: "*" });
    });

    it("gives a read-only role read-only access", async () => {
      const { token } = await editorLogin(red.url, "vic", STRONG_PASSWORD);
      assert.ok(token);
      assert.equal((await call(`${red.url}/flows`, { headers: bearer(token) })).status, 200);
      const write = await call(`${red.url}/flows`, {
        method: "POST",
        headers: { ...bearer(token), "Content-Type": "application/json" },
        body: "[]",
      });
      assert.ok(write.status === 401 || write.status === 403, `a viewer deployed (${String(write.status)})`);
    });

    it("refuses a user whose roles give no editor permission, on the login page", async () => {
      const { page, token } = await editorLogin(red.url, "gus", STRONG_PASSWORD);
      assert.equal(token, undefined);
      assert.equal(page?.status, 403);
      assert.match(page.text, /role="alert"/);
    });

    it("refuses a form without its anti-forgery token", async () => {
      const posted = await call(`${red.url}/auth/strategy/callback`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "ann", password: STRONG_PASSWORD }).toString(),
      });
      assert.equal(posted.status, 403);
      assert.equal(posted.headers.location, undefined);
    });

    it("locks out an address that keeps guessing, while another address still logs in", async () => {
      // Five free mistakes, then locks that double (1 s, 2 s, 4 s, ...): ten failures lock for a while.
      let last = 0;
      for (let i = 0; i < 10; i++) {
        const { page } = await editorLogin(red.url, "ann", "wrong-password", "127.0.0.2");
        last = page?.status ?? 0;
      }
      assert.equal(last, 429, "the guessing address was not locked out");
      const locked = await editorLogin(red.url, "ida", STRONG_PASSWORD, "127.0.0.2");
      assert.equal(locked.page?.status, 429, "the locked address still got in with another name");
      assert.match(locked.page.text, /role="alert"/);
      const other = await editorLogin(red.url, "ida", STRONG_PASSWORD, "127.0.0.3");
      assert.ok(other.token, `a second address was refused: ${String(other.page?.status)}`);
      // The stranger's guesses at ann's name did not lock ann out: she logged in recently, with the
      // right password, and still does.
      const ann = await editorLogin(red.url, "ann", STRONG_PASSWORD, "127.0.0.3");
      assert.ok(ann.token, `ann was locked out by a stranger: ${String(ann.page?.status)}`);
    });
  });
