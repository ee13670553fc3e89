// A person opening a Dashboard 2 page that an auth gate protects, in Chromium: the login page first,
// then the dashboard, whose socket.io connection (guarded too) brings a value a flow sends. And the
// gate's dialog offers the dashboard's path with one click.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchChromium, skipWithoutChromium } from "../support/browser";
import { DASHBOARD_MODULES, dashboard2Flow, plumbingFlow } from "../support/dashboards";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Orchard-Lantern-58";

const FLOWS = [
  { id: "t1", type: "tab", label: "Dashboard" },
  {
    id: "users1",
    type: "auth-users",
    name: "Household",
    accounts: [{ id: "u1", username: "anna", roles: ["family"], enabled: true }],
    cost: 10,
    rev: 0,
  },
  {
    id: "gate1",
    type: "auth-gate",
    z: "t1",
    usersConfig: "users1",
    method: "form",
    title: "Home dashboard",
    scope: "/dashboard",
    protectScope: true,
    x: 200,
    y: 80,
    wires: [[]],
  },
  { id: "wsl", type: "websocket-listener", path: "/ws/heating", wholemsg: "false" },
  ...dashboard2Flow("t1"),
  ...plumbingFlow("t1"),
];

describe("a protected Dashboard 2 in Chromium", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed({ flows: FLOWS, modules: DASHBOARD_MODULES });
    await setPasswords(red, "users1", { u1: PASSWORD });
    await deploy(red, FLOWS, ["users1"]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  });
  after(async () => {
    await page?.close();
    await browser?.close();
    await red?.stop();
  });

  function running(): { red: RunningNodeRed; page: Page } {
    if (!red || !page) throw new Error("not started");
    return { red, page };
  }

  it("asks for a login, then shows the dashboard with a value a flow sends", async () => {
    const { red, page } = running();
    await page.goto(`${red.url}/dashboard/home`);
    await page.waitForSelector("#username");
    assert.equal(new URL(page.url()).pathname, "/dashboard/home");
    assert.equal(await page.title(), "Home dashboard");
    await page.fill("#username", "anna");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${red.url}/dashboard/home`);
    await page.waitForSelector("text=Temperature", { timeout: 30_000 });

    const value = `${String(18 + Math.round(Math.random() * 50) / 10)} °C`;
    const started = Date.now();
    const pushed = await fetch(`${red.url}/push?value=${encodeURIComponent(value)}`);
    assert.equal(pushed.status, 204);
    await page.waitForSelector(`text=${value}`, { timeout: 15_000 });
    console.log(`      widget updated ${String(Date.now() - started)} ms after the flow sent the value`);
  });

  it("offers the dashboard's and the websocket listener's paths in the gate's dialog", async () => {
    const { red, page } = running();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(red.url);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    await page.locator("#gate1 rect").first().dblclick();
    await page.waitForSelector("#nrs-gate-doors button");
    const labels = await page.locator("#nrs-gate-doors button").allTextContents();
    assert.deepEqual(labels, ["node-red-dashboard /ui", "Dashboard 2 /dashboard", "websocket in /ws/heating"]);
    await page.locator("#nrs-gate-doors button", { hasText: "/ws/heating" }).click();
    assert.equal(await page.inputValue("#node-input-scope"), "/ws/heating");
    assert.equal(await page.isChecked("#node-input-protectScope"), true);
  });
});
