// Setting up a second factor in the auth-users dialog in Chromium, as a person does: a QR code (drawn in
// the browser), the otpauth URI and the secret once, a wrong code refused, a right one confirmed with
// recovery codes shown once; the dialog marks the list changed, and after Deploy the user is enrolled
// and logs in through the gate's login page with the password, then a code from the app.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { totpCode, TOTP_PERIOD } from "../../src/auth/totp";
import { launchChromium, pressDeploy, skipWithoutChromium, untilRouted } from "../support/browser";
import { setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Orchard-Kettle-5150-north";

const FLOWS = [
  { id: "t1", type: "tab", label: "Home" },
  {
    id: "users1",
    type: "auth-users",
    name: "Our home",
    accounts: [{ id: "u1", username: "anna", roles: ["admin"], enabled: true }],
    cost: 10,
    sessionIdleMinutes: 1440,
    sessionMaxHours: 168,
    rev: 0,
  },
  { id: "in1", type: "http in", z: "t1", url: "/home", method: "get", x: 120, y: 80, wires: [["gate1"]] },
  {
    id: "gate1",
    type: "auth-gate",
    z: "t1",
    name: "",
    usersConfig: "users1",
    method: "both",
    roles: "",
    realm: "Home",
    title: "",
    scope: "/home",
    loginPath: "",
    logoutPath: "",
    protectScope: false,
    deniedOutput: false,
    trustProxy: false,
    securityHeaders: true,
    outputs: 1,
    x: 320,
    y: 80,
    wires: [["out1"]],
  },
  { id: "out1", type: "http response", z: "t1", x: 520, y: 80, wires: [] },
];

describe("second-factor set-up in the auth-users dialog in Chromium", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed({ flows: FLOWS });
    // Anna's password, applied with the deploy the test makes from the editor.
    await setPasswords(red, "users1", { u1: PASSWORD });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await red?.stop();
  });

  it("shows a QR code and the secret once, confirms with a code from it, and enrols the user at deploy", async () => {
    if (!red || !browser) throw new Error("not started");
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(red.url);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    await page.locator("#gate1 rect").first().dblclick();
    await page.waitForSelector("#node-input-btn-usersConfig-edit");
    await page.click("#node-input-btn-usersConfig-edit");
    await page.locator("#node-config-input-accounts-list li").first().waitFor();
    // A user added in this dialog is not deployed yet: no set-up for it.
    await page.click("#node-config-dialog-edit-form .red-ui-editableList-addButton");
    await page.locator("#node-config-input-accounts-list li").nth(1).locator(".nrs-user-name").fill("ben");

    // Where sessions live: memory by default; the Redis fields show only when Redis is chosen.
    assert.equal(await page.locator("#node-config-input-store").inputValue(), "memory");
    assert.equal(await page.locator("#node-config-input-redisUrl").isVisible(), false);
    await page.selectOption("#node-config-input-store", "redis");
    await page.locator("#node-config-input-redisUrl").waitFor({ state: "visible" });
    await page.selectOption("#node-config-input-store", "memory");
    await page.locator("#node-config-input-redisUrl").waitFor({ state: "hidden" });

    await page.click("#nrs-totp-toggle");
    const anna = page.locator('#nrs-totp-list tr[data-user="u1"]');
    await anna.locator(".nrs-totp-setup").waitFor();
    const ben = page.locator("#nrs-totp-list tr.nrs-totp-user").nth(1);
    assert.match((await ben.locator(".nrs-totp-state").textContent()) ?? "", /deploy this user first/);
    assert.equal(await ben.locator("button").count(), 0);

    await anna.locator(".nrs-totp-setup").click();
    await page.waitForSelector("#nrs-totp-qr svg path", { state: "attached" });
    const qr = await page.locator("#nrs-totp-qr svg").boundingBox();
    assert.ok(qr && qr.width >= 150 && qr.height >= 150, "the QR code is too small to scan");
    const uri = new URL(await page.inputValue("#nrs-totp-uri"));
    assert.equal(uri.protocol, "otpauth:");
    assert.equal(uri.searchParams.get("issuer"), "Our home");
    const secret = (await page.inputValue("#nrs-totp-secret")).replace(/\s+/g, "");
    assert.equal(secret, uri.searchParams.get("secret"));
    assert.match(secret, /^[A-Z2-7]{16,}$/);

    // A wrong code is refused with a message; the set-up stays open for the right one.
    const now = Date.now() / 1000;
    const right = new Set([-2, -1, 0, 1, 2].map((s) => totpCode(secret, now + s * TOTP_PERIOD)));
    const wrong = ["000000", "111111", "222222"].find((c) => !right.has(c)) ?? "333333";
    await page.fill("#nrs-totp-code", wrong);
    await page.click("#nrs-totp-confirm");
    await page.waitForFunction(() => /Wrong code/.test(document.querySelector("#nrs-totp-message")?.textContent ?? ""));
    assert.ok(await page.isVisible("#nrs-totp-setup"));

    await page.fill("#nrs-totp-code", totpCode(secret, Date.now() / 1000));
    await page.press("#nrs-totp-code", "Enter");
    await page.waitForSelector("#nrs-totp-codes", { state: "visible" });
    const codes = ((await page.textContent("#nrs-totp-codes-list")) ?? "").split("\n").filter(Boolean);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    assert.match((await page.textContent("#nrs-totp-codes")) ?? "", /each works once/i);
    // The secret is gone from the page once confirmed.
    assert.ok(!(await page.isVisible("#nrs-totp-setup")));
    assert.equal(await page.inputValue("#nrs-totp-secret"), "");
    assert.equal(await page.locator("#nrs-totp-qr svg").count(), 0);
    await anna.locator(".nrs-totp-remove").waitFor();
    assert.match((await anna.locator(".nrs-totp-state").textContent()) ?? "", /2FA on .* 10 recovery code/);
    assert.equal(await anna.locator(".nrs-totp-new-codes").count(), 1);

    // The new user goes again (an empty name would make the list invalid), then Done and Deploy.
    await page
      .locator("#node-config-input-accounts-list li")
      .nth(1)
      .locator(".red-ui-editableList-item-remove")
      .click();
    await page.click("#node-config-dialog-ok");
    await page.click("#node-dialog-ok");
    // Done marked the list changed, so Deploy re-creates it with the new credentials.
    await page.waitForFunction(
      () => !document.querySelector("#red-ui-header-button-deploy")?.classList.contains("disabled"),
    );
    await pressDeploy(page);
    assert.notEqual((await untilRouted(`${red.url}/home`)).status, 404, "the gate is not back after the deploy");
    await page.close();

    const res = await fetch(`${red.url}/auth-users/users1/totp`);
    const text = await res.text();
    assert.ok(!text.includes(secret));
    const { users } = JSON.parse(text) as { users: Record<string, { enrolled: boolean; recoveryLeft: number }> };
    assert.equal(users.u1?.enrolled, true);
    assert.equal(users.u1.recoveryLeft, 10);

    // Anna now logs in as she will from her phone: the password, then the code her app shows.
    const login = await browser.newPage();
    await login.goto(`${red.url}/home`);
    await login.waitForSelector("#username");
    await login.fill("#username", "anna");
    await login.fill("#password", PASSWORD);
    await login.click('button[type="submit"]');
    await login.waitForSelector("#code");
    assert.equal(await login.getAttribute("#code", "autocomplete"), "one-time-code");
    assert.equal(await login.locator("#password").count(), 0);
    await login.fill("#code", totpCode(secret, Date.now() / 1000));
    await login.click('button[type="submit"]');
    await login.waitForURL(`${red.url}/home`);
    assert.equal(await login.locator("form").count(), 0, "the page behind the gate should show, not a form");
    await login.close();
  });
});
