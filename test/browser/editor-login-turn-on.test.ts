// The beginner's way to the editor login in Chromium: open the Security tab, "Turn on the editor login"
// on NRS-ADMIN-001, type a name and a password, see the diff of Node-RED's default settings.js and how
// to restart; restart Node-RED, and the open page goes by itself to the package's login page, which lets
// the new user in, and the tab's finding has passed. Also makes the README's picture.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchChromium, picturePath, skipWithoutChromium } from "../support/browser";
import type { RunningNodeRed } from "../support/node-red";
import { UNDER_PM2, startWithOwnSettings, userDirWithDefaultSettings } from "../support/own-settings";

const PASSWORD = "correct horse battery staple";

describe("Turn on the editor login from the Security tab (Chromium)", function () {
  this.timeout(180_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;
  let userDir: string;

  before(async function () {
    skipWithoutChromium(this);
    userDir = await userDirWithDefaultSettings("4", "nrs-login-browser-");
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await red?.stop();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  it("turns the login on with a new name and password, then the restarted editor asks for it", async () => {
    if (!browser) throw new Error("no browser");
    red = await startWithOwnSettings("4", userDir, "http", 60_000, undefined, UNDER_PM2);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(red.url);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    await page.click("#red-ui-sidebar .red-ui-tab-link-button-menu");
    await page.locator("#red-ui-tabs-menu-option-security").click();
    const finding = page.locator('.nrs-finding[data-id="NRS-ADMIN-001"]');
    await finding.locator(".nrs-finding-header").click();
    // A short password is refused with a message, nothing written.
    await finding.locator("input.nrs-login-username").fill("ann");
    await finding.locator("input.nrs-login-password").fill("short");
    await finding.locator("button.nrs-login-on").click();
    assert.match(
      (await finding.locator(".nrs-error").textContent({ timeout: 30_000 })) ?? "",
      /Nothing was changed: The password needs at least 8 characters/,
    );
    await finding.locator("input.nrs-login-password").fill(PASSWORD);
    await finding.locator("button.nrs-login-on").click();
    const diff = finding.locator(".nrs-fix-diff");
    await diff.waitFor({ timeout: 30_000 });
    assert.match(
      (await diff.textContent()) ?? "",
      /\+ {4}adminAuth: require\("node-red-contrib-security"\)\.adminAuth\(\{ users: ".*\/security\/editor-users\.json" \}\),/,
    );
    const result = (await finding.locator(".nrs-fix-result").textContent()) ?? "";
    assert.match(result, /Restart Node-RED to use it: Node-RED runs under pm2: restart it with "pm2 restart node-red"/);
    assert.match(result, /After the restart this tab checks again by itself/);
    assert.equal(await finding.locator("input.nrs-login-password").inputValue(), "", "the password stays in the form");
    // The README's picture: the form and its answer, in a sidebar dragged wider as people do.
    const separator = await page.locator("#red-ui-sidebar-separator").boundingBox();
    if (separator) {
      await page.mouse.move(separator.x + separator.width / 2, separator.y + 200);
      await page.mouse.down();
      await page.mouse.move(separator.x - 260, separator.y + 200, { steps: 5 });
      await page.mouse.up();
    }
    await finding.locator(".nrs-settings-fix").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.locator("#red-ui-sidebar").screenshot({ path: picturePath("editor-login-turn-on.png") });

    // The restart, on the same port: the open page goes to the package's login page by itself.
    const port = red.port;
    await red.stop();
    red = undefined;
    red = await startWithOwnSettings("4", userDir, "http", 60_000, port, UNDER_PM2);
    await page.waitForURL(/\/auth\/strategy$/, { timeout: 60_000 });
    await page.fill("#username", "ann");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    const user = await page.waitForFunction(
      () =>
        (window as unknown as { RED?: { settings?: { user?: { username?: string } } } }).RED?.settings?.user?.username,
      undefined,
      { timeout: 60_000 },
    );
    assert.equal(await user.jsonValue(), "ann");
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    await page.click("#red-ui-sidebar .red-ui-tab-link-button-menu");
    await page.locator("#red-ui-tabs-menu-option-security").click();
    await page.locator(".nrs-finding").first().waitFor({ timeout: 60_000 });
    assert.equal(
      await page.locator('.nrs-finding[data-id="NRS-ADMIN-001"]').getAttribute("data-severity", { timeout: 30_000 }),
      "pass",
    );
  });
});
