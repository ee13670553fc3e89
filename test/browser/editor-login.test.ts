// The editor's own login in Chromium (Node-RED 4.1 and 5): opening the editor leads straight to the
// package's login page (security.adminAuth, autoLogin); a user with an authenticator app gives the
// password, then a code from the app, and lands in the editor as that user. With requireSecondFactor,
// a user without an app is told to set one up.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { writeRecoveryFile } from "../../src/admin-auth/recovery";
import { totpCode } from "../../src/auth/totp";
import { launchChromium, skipWithoutChromium } from "../support/browser";
import { deploy, setPasswords } from "../support/deploy";
import { call, editorLogin, editorUsersFlows } from "../support/editor-login";
import { STRONG_PASSWORD } from "../support/hashes";
import { RUNTIMES, makeUserDir, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";

const FLOWS = editorUsersFlows("admin");

const settings = (extra = ""): string =>
  `adminAuth: require("node-red-contrib-security").adminAuth({ users: "users1"${extra} }),`;
const bearer = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
  "Content-Type": "application/json",
});

describe("the editor login in Chromium, with a second factor", function () {
  this.timeout(180_000);
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutChromium(this);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const runtime of ["4", "5"] as RuntimeName[])
    describe(RUNTIMES[runtime].label, () => {
      const userDir = makeUserDir();
      let red: RunningNodeRed | undefined;
      let secret = "";

      before(async () => {
        // The list's admins get their passwords and app through a recovery login, as a person would.
        const recovery = await writeRecoveryFile(userDir);
        red = await startNodeRed({ runtime, userDir, flows: FLOWS, settings: settings() });
        const { token } = await editorLogin(red.url, recovery.username, recovery.password);
        assert.ok(token, "the recovery login failed");
        await setPasswords(red, "users1", { u1: STRONG_PASSWORD, u2: STRONG_PASSWORD }, token);
        const started = await call(`${red.url}/auth-users/users1/totp/u1/start`, {
          method: "POST",
          headers: bearer(token),
          body: JSON.stringify({ username: "anna" }),
        });
        secret = (JSON.parse(started.text) as { secret: string }).secret;
        const confirmed = await call(`${red.url}/auth-users/users1/totp/u1/confirm`, {
          method: "POST",
          headers: bearer(token),
          body: JSON.stringify({ code: totpCode(secret, Date.now() / 1000) }),
        });
        assert.equal(confirmed.status, 200, confirmed.text);
        await deploy(red, FLOWS, ["users1"], token);
        rmSync(join(userDir, "security"), { recursive: true, force: true });
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("opens the editor after the password and a code from the app, on the package's page", async () => {
        if (!browser || !red) throw new Error("not started");
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(red.url);
          await page.waitForURL(/\/auth\/strategy$/, { timeout: 60_000 });
          await page.fill("#username", "anna");
          await page.fill("#password", "wrong password");
          await page.click("button[type=submit]");
          await page.locator("p.notice[role=alert]").waitFor();
          await page.fill("#password", STRONG_PASSWORD);
          await page.click("button[type=submit]");
          await page.locator("#code").waitFor();
          assert.equal(page.url(), `${red.url}/auth/strategy/callback`);
          await page.fill("#code", totpCode(secret, Date.now() / 1000));
          await page.click("button[type=submit]");
          const user = await page.waitForFunction(
            () =>
              (window as unknown as { RED?: { settings?: { user?: { username?: string } } } }).RED?.settings?.user
                ?.username,
            undefined,
            { timeout: 60_000 },
          );
          assert.equal(await user.jsonValue(), "anna");
          await page.locator("#red-ui-header-button-user").waitFor({ timeout: 30_000 });

          // The list guards the editor: its dialog keeps one enabled admin with a password.
          await page.waitForFunction(
            () => (window as unknown as { RED: { nodes: { node: (id: string) => unknown } } }).RED.nodes.node("users1"),
            undefined,
            { timeout: 30_000 },
          );
          await page.evaluate(() => {
            (window as unknown as { RED: { editor: { editConfig: (...a: string[]) => void } } }).RED.editor.editConfig(
              "",
              "auth-users",
              "users1",
            );
          });
          const rows = page.locator("#node-config-input-accounts-list li");
          await rows.nth(1).locator(".nrs-user-state").filter({ hasText: "password set" }).waitFor();
          await rows.nth(1).locator(".nrs-user-enabled").uncheck();
          assert.equal(await rows.nth(1).locator(".nrs-user-enabled").isChecked(), false, "ben could not be disabled");
          await rows.nth(0).locator(".nrs-user-enabled").click();
          const notice = page.locator(".red-ui-notification").filter({ hasText: "guards the editor's own login" });
          await notice.first().waitFor();
          assert.equal(await rows.nth(0).locator(".nrs-user-enabled").isChecked(), true, "the last admin was disabled");
          await rows.nth(0).locator(".red-ui-editableList-item-remove").click();
          await page.waitForFunction(
            () =>
              Array.from(
                document.querySelectorAll<HTMLInputElement>("#node-config-input-accounts-list .nrs-user-name"),
              ).some((i) => i.value === "anna"),
            undefined,
            { timeout: 10_000 },
          );
          assert.equal(await rows.count(), 2, "the last admin was removed");
        } finally {
          await context.close();
        }
      });

      it("with requireSecondFactor, refuses a user without an app and still lets the enrolled one in", async () => {
        if (!browser || !red) throw new Error("not started");
        await red.stop();
        red = await startNodeRed({ runtime, userDir, settings: settings(", requireSecondFactor: true") });
        const ben = await editorLogin(red.url, "ben", STRONG_PASSWORD);
        assert.equal(ben.token, undefined);
        assert.equal(ben.page?.status, 403);
        assert.match(ben.page.text, /role="alert"/);
        const anna = await editorLogin(red.url, "anna", STRONG_PASSWORD);
        assert.equal(anna.token, undefined, "a password alone opened anna's editor");
        assert.match(anna.page?.text ?? "", /name="code"/);
      });
    });
});
