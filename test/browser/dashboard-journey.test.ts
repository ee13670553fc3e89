// The journey of issue 12 in a real Chromium with a persistent profile, as a person lives it: the
// dashboards are opened while still open (Dashboard 2's service worker installs), then one auth gate is
// dragged onto the API's wire and moved to /dashboard, another protects /ui, and the person comes back:
// the login page (no password box, no reload loop), the live dashboard, a logout that really logs out,
// a back button that shows nothing, and a Security tab (and header badge) that agrees with the gates.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { Report } from "../../src/audit/types";
import { CHROMIUM, skipWithoutChromium } from "../support/browser";
import { DASHBOARD_MODULES, connectSocketIo, dashboard1Flow, dashboard2Flow } from "../support/dashboards";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Orchard-Lantern-58";
const basic = `Basic ${Buffer.from(`anna:${PASSWORD}`).toString("base64")}`;

const LOGOUT_TEMPLATE = `<template>
  <Teleport v-if="mounted && security" to="#app-bar-actions">
    <span class="nrs-user">{{ security.user.username }}</span>
    <form v-if="security.logout" method="post" :action="security.logout" style="display: inline">
      <v-btn type="submit" variant="text" class="nrs-logout">Log out</v-btn>
    </form>
  </Teleport>
</template>
<script>
export default {
  data() { return { mounted: false }; },
  computed: {
    security() { const s = this.$store.state.setup.setup; return s && s.security && s.security.user ? s.security : null; },
  },
  mounted() { this.mounted = true; },
};
</script>`;

export function flowsFor(gated: boolean): unknown[] {
  const z = "t1";
  const gate = (id: string, extra: Record<string, unknown>, wires: string[]): Record<string, unknown> => ({
    id,
    type: "auth-gate",
    z,
    usersConfig: "users1",
    x: 300,
    y: 80,
    wires: [wires],
    ...extra,
  });
  return [
    { id: z, type: "tab", label: "Home" },
    {
      id: "users1",
      type: "auth-users",
      name: "Household",
      accounts: [{ id: "u1", username: "anna", roles: ["family"], enabled: true }],
      cost: 10,
      rev: 0,
    },
    ...dashboard1Flow(z),
    ...dashboard2Flow(z).filter((n) => !["d2button", "d2remember"].includes((n as { id: string }).id)),
    // The API a device reads, and the hook the test feeds the widgets through.
    {
      id: "apiIn",
      type: "http in",
      z,
      url: "/api/temperature",
      method: "get",
      x: 120,
      y: 80,
      wires: [[gated ? "gateMain" : "apiSet"]],
    },
    {
      id: "apiSet",
      type: "change",
      z,
      rules: [{ t: "set", p: "payload", pt: "msg", to: '{"celsius":21.5}', tot: "json" }],
      wires: [["apiOut"]],
    },
    { id: "apiOut", type: "http response", z, wires: [] },
    { id: "pushIn", type: "http in", z, url: "/push", method: "get", wires: [[gated ? "gatePush" : "pushSet"]] },
    {
      id: "pushSet",
      type: "change",
      z,
      rules: [{ t: "set", p: "payload", pt: "msg", to: "req.query.value", tot: "msg" }],
      wires: [["d1text", "d2text", "pushOut"]],
    },
    { id: "pushOut", type: "http response", z, statusCode: "204", wires: [] },
    ...(gated
      ? [
          // The issue's gate: wired after the API, then "Protect: Dashboard 2 /dashboard" pressed on it.
          gate(
            "gateMain",
            { method: "both", title: "Home dashboard", scope: "/dashboard", protectScope: true, realm: "Home" },
            ["apiSet"],
          ),
          gate("gateUi", { method: "form", title: "Old dashboard", scope: "/ui", protectScope: true, y: 160 }, []),
          gate("gatePush", { method: "basic", scope: "/push", y: 240 }, ["pushSet"]),
          {
            id: "logoutButton",
            type: "ui-template",
            z,
            group: "",
            page: "",
            ui: "d2base",
            name: "user and logout",
            order: 0,
            width: 0,
            height: 0,
            head: "",
            format: LOGOUT_TEMPLATE,
            storeOutMessages: true,
            passthru: false,
            resendOnRefresh: true,
            templateScope: "widget:ui",
            className: "",
            wires: [[]],
          },
        ]
      : []),
  ];
}

describe("dashboards behind auth gates, in a persistent Chromium profile", function () {
  this.timeout(180_000);
  let red: RunningNodeRed | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  /** Main-frame navigations of the dashboard page, to catch reload loops. */
  const navigations: string[] = [];
  /** Responses that would make a browser pop up its own password box. */
  const challenges: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed({ flows: flowsFor(false), modules: DASHBOARD_MODULES });
    await setPasswords(red, "users1", { u1: PASSWORD });
    profile = mkdtempSync(join(tmpdir(), "nrs-profile-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    if (process.env.NRS_DEBUG) {
      context.on("response", (res) =>
        console.log("RESP", res.status(), res.request().method(), res.url(), res.fromServiceWorker()),
      );
      page.on("console", (m) => console.log("CONSOLE", m.text()));
    }
    context.on("response", (res) => {
      if (/^Basic/i.test(res.headers()["www-authenticate"] ?? "")) challenges.push(res.url());
    });
  });
  after(async () => {
    await context?.close();
    await red?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  function running(): RunningNodeRed {
    if (!red) throw new Error("not started");
    return red;
  }

  /** Navigations within a few quiet seconds: a reload loop makes several a second. */
  async function settledNavigations(ms = 3000): Promise<number> {
    const before = navigations.length;
    await page.waitForTimeout(ms);
    return navigations.length - before;
  }

  it("opens Dashboard 2 while it is still open: its service worker installs", async () => {
    const red = running();
    await page.goto(`${red.url}/dashboard/home`);
    await page.waitForSelector("text=Temperature", { timeout: 60_000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${red.url}/dashboard/`);
    await page.goto(`${red.url}/ui/`);
    await page.waitForSelector("text=Temperature", { timeout: 30_000 });
    // The gates arrive, as from the editor's Deploy button. Node-RED 4.1 trips over rewiring both http
    // in nodes of this flow in a full deploy, to gates or to core nodes alike (Flow.start: "Cannot read
    // properties of undefined (reading 'wires')", see docs/design-notes.md); a reload starts them cleanly.
    await deploy(red, flowsFor(true), ["users1"]);
    const reload = await fetch(`${red.url}/flows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Node-RED-Deployment-Type": "reload" },
      body: "{}",
    });
    assert.equal(reload.status, 204);
    await page.waitForTimeout(1500);
  });

  it("shows a returning visitor the login page, not a password box or a reload loop", async () => {
    const red = running();
    challenges.length = 0;
    // The worker answers this address from its cache with the page shell; the shell's refused
    // set-up call brings the browser to the server, which answers with the login page.
    await page.goto(`${red.url}/dashboard/home`);
    await page.waitForSelector("#username", { timeout: 30_000 });
    assert.equal(await page.title(), "Home dashboard");
    assert.ok((await settledNavigations()) <= 1, `reload loop: ${navigations.slice(-5).join(" ")}`);
    assert.equal(await page.isVisible("#username"), true);
    assert.deepEqual(challenges, [], "no Basic challenge reached the browser");
    const next = await page.inputValue('input[name="next"]');
    assert.doesNotMatch(next, /login/, "next= holds no login address");
  });

  it("logs in and shows the live widget, with who is logged in in the title bar", async () => {
    const red = running();
    await page.fill("#username", "anna");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector("text=Temperature", { timeout: 60_000 });
    await page.waitForSelector(".nrs-user", { timeout: 30_000 });
    assert.equal((await page.textContent(".nrs-user"))?.trim(), "anna");
    const value = `${String(18 + Math.round(Math.random() * 50) / 10)} °C`;
    const pushed = await fetch(`${red.url}/push?value=${encodeURIComponent(value)}`, {
      headers: { Authorization: basic },
    });
    assert.equal(pushed.status, 204);
    await page.waitForSelector(`text=${value}`, { timeout: 20_000 });
    assert.deepEqual(challenges, []);
  });

  it("logs out from the dashboard's button: the login page, and the old cookie opens nothing", async () => {
    const red = running();
    const cookies = await context?.cookies(red.url);
    const session = cookies?.find((c) => c.name.startsWith("nrs_session_"));
    assert.ok(session, "a session cookie after login");
    assert.equal(session.path, "/", "the gate's login covers the API wired to it as well as /dashboard");
    const cookie = `${session.name}=${session.value}`;
    // The API wired to the same gate opens with the session: no loop between /api and /dashboard/login.
    const api = await fetch(`${red.url}/api/temperature`, { headers: { Cookie: cookie, Accept: "text/html" } });
    assert.equal(api.status, 200);

    await page.click(".nrs-logout");
    await page.waitForSelector("text=You are logged out", { timeout: 30_000 });
    assert.ok((await settledNavigations(2000)) <= 1);
    const workers = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    assert.equal(workers, 0, "the dashboard's service worker is gone");

    const pageAgain = await fetch(`${red.url}/dashboard/home`, {
      headers: { Cookie: cookie, Accept: "text/html" },
      redirect: "manual",
    });
    assert.equal(pageAgain.status, 401);
    const setup = await fetch(`${red.url}/dashboard/_setup`, { headers: { Cookie: cookie } });
    assert.equal(setup.status, 401);
    const apiAgain = await fetch(`${red.url}/api/temperature`, { headers: { Cookie: cookie } });
    assert.equal(apiAgain.status, 401);
    const socket = await connectSocketIo(red.url, "/dashboard/socket.io", { Cookie: cookie });
    assert.equal(socket.connected, false, "the old cookie opens no socket.io connection");
  });

  it("shows no protected content on the back button", async () => {
    await page.goBack();
    await page.waitForSelector("#username", { timeout: 30_000 });
    assert.equal(await page.locator("text=Temperature").count(), 0);
    assert.ok((await settledNavigations()) <= 1);
    assert.deepEqual(challenges, []);
  });

  it("does the same for node-red-dashboard: login page, widget, logout link, nothing on the way back", async () => {
    const red = running();
    await page.goto(`${red.url}/ui/`);
    await page.waitForSelector("#username", { timeout: 30_000 });
    assert.equal(await page.title(), "Old dashboard");
    await page.fill("#username", "anna");
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector("text=Temperature", { timeout: 60_000 });
    const cookie = (await context?.cookies(`${red.url}/ui/`))?.find((c) => c.name.startsWith("nrs_session_"));
    assert.ok(cookie);
    // The documented logout link.
    await page.goto(`${red.url}/ui/logout`);
    await page.waitForSelector("text=You are logged out");
    const old = `${cookie.name}=${cookie.value}`;
    const again = await fetch(`${red.url}/ui/`, { headers: { Cookie: old, Accept: "text/html" } });
    assert.equal(again.status, 401);
    assert.equal((await connectSocketIo(red.url, "/ui/socket.io", { Cookie: old })).connected, false);
    await page.goBack();
    await page.waitForSelector("#username", { timeout: 30_000 });
    assert.equal(await page.locator("text=Temperature").count(), 0);
    assert.ok((await settledNavigations()) <= 1);
    assert.deepEqual(challenges, []);
  });

  it("opens the Security tab by itself once, with the grade in the header, and no 'no login' findings", async () => {
    const red = running();
    await page.goto(red.url);
    await page.waitForSelector(".nrs-sidebar .nrs-grade", { timeout: 90_000 });
    assert.equal(await page.isVisible(".nrs-sidebar"), true, "the tab opened by itself");
    const badge = page.locator("#nrs-header-badge");
    await page.waitForFunction(() => document.getElementById("nrs-header-badge")?.dataset.grade !== undefined);
    const grade = (await page.textContent(".nrs-grade"))?.trim();
    assert.equal((await badge.textContent())?.trim(), grade);
    assert.match((await badge.getAttribute("class")) ?? "", new RegExp(`nrs-grade-${grade?.charAt(0) ?? "?"}`));

    const report = (await (await fetch(`${red.url}/security/posture`)).json()) as Report;
    const noLogin = ["NRS-HTTP-001", "NRS-FLOW-001", "NRS-DASH-001", "NRS-DASH-002", "NRS-DASH-003", "NRS-WS-001"];
    const contradicting = report.findings.filter((f) => noLogin.includes(f.id) && f.severity !== "pass");
    assert.deepEqual(
      contradicting.map((f) => `${f.id} ${f.title}`),
      [],
    );

    // Another tab chosen, the editor reloaded: the Security tab stays closed; the badge opens it.
    await page.evaluate(() =>
      (window as unknown as { RED: { sidebar: { show(id: string): void } } }).RED.sidebar.show("info"),
    );
    await page.reload();
    await page.waitForSelector("#nrs-header-badge[data-grade]", { timeout: 90_000 });
    await page.waitForTimeout(1000);
    assert.equal(await page.isVisible(".nrs-sidebar"), false, "opened a second time");
    await badge.click();
    await page.waitForSelector(".nrs-sidebar", { state: "visible" });
  });

  it("runs the stranger check without changing any gate's status", async () => {
    const red = running();
    const status = (id: string): Promise<string> =>
      page
        .locator(`[id="${id}"] .red-ui-flow-node-status-label`)
        .first()
        .textContent()
        .then((t) => t ?? "");
    // Fresh statuses: the steps above refused requests of their own.
    await fetch(`${red.url}/flows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Node-RED-Deployment-Type": "reload" },
      body: "{}",
    });
    await page.waitForFunction(
      () =>
        /^1 user/.test(document.querySelector('[id="gateMain"] .red-ui-flow-node-status-label')?.textContent ?? "") &&
        /^1 user/.test(document.querySelector('[id="gatePush"] .red-ui-flow-node-status-label')?.textContent ?? ""),
      undefined,
      { timeout: 20_000 },
    );
    const before = [await status("gateMain"), await status("gatePush")];
    assert.match(before[0] ?? "", /^1 user · login page \+ Basic · login valid for \/$/);
    await page.click(".nrs-live-check");
    await page.waitForFunction(() => !document.querySelector(".nrs-sidebar.nrs-busy"), undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    assert.deepEqual([await status("gateMain"), await status("gatePush")], before);
    // A stranger's request does show.
    assert.equal((await fetch(`${red.url}/push`)).status, 401);
    await page.waitForFunction(
      () =>
        /^denied: /.test(document.querySelector('[id="gatePush"] .red-ui-flow-node-status-label')?.textContent ?? ""),
      undefined,
      { timeout: 10_000 },
    );
  });

  it("warns in the gate's dialog about the wired endpoint outside its path, and asks before moving it", async () => {
    await page.locator('[id="gateMain"] rect').first().dblclick();
    await page.waitForSelector("#nrs-gate-scope-warning", { state: "visible" });
    const warning = await page.textContent("#nrs-gate-scope-warning");
    assert.match(warning ?? "", /http in \/api\/temperature wired to this gate lies outside \/dashboard/);
    assert.match(warning ?? "", /give each door its own gate, or set the path to one that covers both/);
    assert.match((await page.textContent("#nrs-gate-scope-tip")) ?? "", /logs in once at \/dashboard\/login/);

    await page.fill("#node-input-scope", "/api");
    await page.locator("#node-input-scope").dispatchEvent("change");
    assert.equal(await page.isVisible("#nrs-gate-scope-warning"), false);
    await page.locator("#nrs-gate-doors button", { hasText: "Dashboard 2 /dashboard" }).click();
    await page.waitForSelector("text=Moving its path to /dashboard leaves that endpoint outside");
    await page.click("button:has-text('Keep the path')");
    assert.equal(await page.inputValue("#node-input-scope"), "/api");
    await page.locator("#nrs-gate-doors button", { hasText: "Dashboard 2 /dashboard" }).click();
    await page.click("button:has-text('Move it anyway')");
    assert.equal(await page.inputValue("#node-input-scope"), "/dashboard");
    await page.click("#node-dialog-cancel");
  });
});
