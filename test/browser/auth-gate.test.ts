// A person's view of the auth gate in Chromium: the login page on a phone-sized screen (log in, reach
// the page, log out, back to the form), and setting a password in the auth-users dialog of the editor.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, picturePath, pressDeploy, skipWithoutChromium, untilRouted } from "../support/browser";
import { ROOT } from "../support/cli";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Orchard-Lantern-58";

function example(name: string): { id: string }[] {
  return JSON.parse(readFileSync(join(ROOT, "examples", `${name}.json`), "utf8")) as { id: string }[];
}

describe("auth gate in Chromium", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await red?.stop();
  });

  function running(): { red: RunningNodeRed; browser: Browser } {
    if (!red || !browser) throw new Error("not started");
    return { red, browser };
  }

  describe("login page", () => {
    let page: Page;

    before(async () => {
      const { red, browser } = running();
      const flows = example("02 - Protect a page with a login form");
      await deploy(red, flows);
      await setPasswords(red, "ex2-users", { "ex2-users-u1": PASSWORD });
      await deploy(red, flows, ["ex2-users"]);
      // A phone.
      page = await browser.newPage({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
    });
    after(() => page.close());

    it("sends a visitor to the login form, which fits a phone screen", async () => {
      const { red } = running();
      await page.goto(`${red.url}/home`);
      // The login form right at the address asked for: no redirect a cache could answer instead.
      assert.equal(new URL(page.url()).pathname, "/home");
      await page.waitForSelector("#username");
      assert.equal(await page.title(), "Our home");
      const box = await page.locator("main").boundingBox();
      assert.ok(box && box.width <= 390, "the form is wider than the phone");
      const inputHeight = (await page.locator("#username").boundingBox())?.height ?? 0;
      assert.ok(inputHeight >= 40, "inputs should be easy to tap");
      await page.screenshot({ path: picturePath("login-page.png") });
    });

    it("refuses a wrong password and keeps the user name", async () => {
      await page.fill("#username", "anna");
      await page.fill("#password", "not-her-password");
      await page.click("button[type=submit]");
      await page.waitForSelector(".notice");
      assert.equal(await page.textContent(".notice"), "Wrong user name or password.");
      assert.equal(await page.inputValue("#username"), "anna");
      assert.equal(await page.inputValue("#password"), "");
    });

    it("logs in and brings the visitor to the page they asked for", async () => {
      await page.fill("#password", PASSWORD);
      await page.click("button[type=submit]");
      await page.waitForSelector("h1:has-text('Hello anna')");
      assert.equal(new URL(page.url()).pathname, "/home");
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name.startsWith("nrs_session_"));
      assert.ok(session);
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, "Lax");
      assert.equal(session.path, "/home");
    });

    it("logs out and is sent back to the form", async () => {
      const { red } = running();
      await page.click("text=Log out");
      await page.waitForSelector(".notice.ok");
      assert.equal(await page.textContent(".notice.ok"), "You are logged out.");
      await page.goto(`${red.url}/home`);
      await page.waitForSelector("#username");
      assert.equal(await page.locator("h1:has-text('Hello anna')").count(), 0);
    });

    it('speaks Japanese to a phone set to Japanese (Accept-Language), with <html lang="ja">', async () => {
      const { red, browser } = running();
      const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 390, height: 844 } });
      try {
        const ja = await context.newPage();
        await ja.goto(`${red.url}/home`);
        // The login page is shown in place, at the address that was asked for.
        assert.equal(new URL(ja.url()).pathname, "/home");
        assert.equal(await ja.getAttribute("html", "lang"), "ja");
        assert.equal(await ja.textContent("label[for=username]"), "ユーザ名");
        assert.equal(await ja.textContent("button[type=submit]"), "ログイン");
        await ja.fill("#username", "anna");
        await ja.fill("#password", "not-her-password");
        await ja.click("button[type=submit]");
        await ja.waitForSelector(".notice");
        assert.equal(await ja.textContent(".notice"), "ユーザ名またはパスワードが違います。");
      } finally {
        await context.close();
      }
    });
  });

  describe("auth users dialog in the editor", () => {
    it("sets a password that works after deploy, without the editor ever seeing a hash", async () => {
      const { red, browser } = running();
      await deploy(red, example("01 - Protect an API endpoint"));
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const bodies: string[] = [];
      page.on("response", (res) => {
        if (/auth-users|credentials|flows/.test(res.url())) {
          void res.text().then(
            (t) => bodies.push(t),
            () => undefined,
          );
        }
      });
      await page.goto(red.url);
      await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
      // Open the gate, then its users configuration, as a person does.
      await page.locator("#ex1-gate rect").first().dblclick();
      await page.waitForSelector("#node-input-btn-usersConfig-edit");
      await page.click("#node-input-btn-usersConfig-edit");
      const row = page.locator("#node-config-input-accounts-list li").first();
      await row.waitFor();
      assert.equal(await row.locator(".nrs-user-name").inputValue(), "admin");
      assert.match((await row.locator(".nrs-user-state").textContent()) ?? "", /no password yet/);
      // A second user with the same name is marked at once, and goes away with its row.
      await page.click("#node-config-dialog-edit-form .red-ui-editableList-addButton");
      const second = page.locator("#node-config-input-accounts-list li").nth(1);
      await second.locator(".nrs-user-name").fill("admin");
      assert.equal(await page.locator("#node-config-input-accounts-list .nrs-user-name.input-error").count(), 2);
      await second.locator(".red-ui-editableList-item-remove").click();
      await page.waitForFunction(() => document.querySelectorAll("#node-config-input-accounts-list li").length === 1);
      assert.equal(await page.locator("#node-config-input-accounts-list .nrs-user-name.input-error").count(), 0);
      await row.locator(".nrs-user-password").fill(PASSWORD);
      await row.locator(".nrs-user-set").click();
      await page.waitForFunction(() => {
        const state = document.querySelector("#node-config-input-accounts-list .nrs-user-state");
        return state?.textContent === "password set";
      });
      assert.equal(await row.locator(".nrs-user-password").inputValue(), "");
      await page
        .locator(".red-ui-tray")
        .last()
        .screenshot({ path: picturePath("auth-users-dialog.png") });
      await page.click("#node-config-dialog-ok");
      await page.click("#node-dialog-ok");
      await pressDeploy(page);
      const ok = await untilRouted(`${red.url}/api/temperature`, {
        Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`,
      });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { readBy: string }).readBy, "admin");
      const seen = bodies.join("\n");
      assert.ok(!seen.includes("$2b$") && !seen.includes(PASSWORD), "the editor received a hash or the password");

      // Now deployed: make an API key for a device in the same dialog, use it, revoke it.
      await page.locator("#ex1-gate rect").first().dblclick();
      await page.waitForSelector("#node-input-btn-usersConfig-edit");
      await page.click("#node-input-btn-usersConfig-edit");
      await page.click("#nrs-keys-toggle");
      await page.waitForSelector("#nrs-keys-empty", { state: "visible" });
      await page.fill("#nrs-keys-name", "thermostat");
      await page.click("#nrs-keys-make");
      await page.waitForSelector("#nrs-keys-made", { state: "visible" });
      const key = await page.inputValue("#nrs-keys-made-value");
      assert.match(key, /^nrs_[a-f0-9]{16}_/);
      await page.waitForSelector('#nrs-keys-list tr:has-text("thermostat")');
      const withKey = await fetch(`${red.url}/api/temperature`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(withKey.status, 200);
      await page.click("#nrs-keys-list .nrs-key-revoke");
      await page.waitForSelector("#nrs-keys-empty", { state: "visible" });
      const revoked = await fetch(`${red.url}/api/temperature`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(revoked.status, 401);
      await page.close();
    });
  });
});
