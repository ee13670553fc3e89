// A person's view: the real editor in Chromium shows the Security tab with a grade and findings,
// re-scans on demand and after a deploy, and fills the snippets with a hash made on the server.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Report } from "../../src/audit";
import { launchChromium, picturePath, skipWithoutChromium } from "../support/browser";
import { ROOT } from "../support/cli";
import { deploy } from "../support/deploy";
import { longReport } from "../support/long-report";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { adminToken, startNodeRed, type RunningNodeRed } from "../support/node-red";

declare global {
  interface Window {
    RED: {
      sidebar: { show(id: string): void };
      view: { importNodes(nodes: unknown[]): void };
      plugins: { getPlugin(id: string): unknown };
    };
  }
}

/** Opens the Security tab as a person does and waits for the grade. */
async function openSecurityTab(page: Page): Promise<void> {
  // The sidebar's tab menu lists every tab; ours is there as "Security" with a shield.
  await page.click("#red-ui-sidebar .red-ui-tab-link-button-menu");
  const entry = page.locator("#red-ui-tabs-menu-option-security");
  assert.equal(await entry.locator(".red-ui-menu-label").textContent(), "Security");
  assert.equal(await entry.locator("i.fa-shield").count(), 1);
  await entry.click();
  await page.waitForSelector(".nrs-grade");
  assert.match((await page.textContent(".nrs-grade")) ?? "", /^[A-F][+-]?$/);
}

describe("Security sidebar in the editor (Chromium)", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const postureRequests: string[] = [];

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("request", (req) => {
      if (req.url().includes("/security/posture")) postureRequests.push(req.url());
    });
    await page.goto(red.url);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await red?.stop();
  });

  it("shows the grade and the missing editor login when the tab is opened", async () => {
    await openSecurityTab(page);
    const title = await page.textContent('.nrs-finding[data-id="NRS-ADMIN-001"] .nrs-finding-title');
    assert.equal(title, "The editor has no login");
    assert.match((await page.textContent(".nrs-score")) ?? "", /^Score \d+\/100$/);
    assert.equal(await page.isVisible('.nrs-area[data-area="editor"] h3'), true);
  });

  it("expands a finding to why, fix, snippet and docs", async () => {
    const finding = page.locator('.nrs-finding[data-id="NRS-ADMIN-001"]');
    await finding.locator(".nrs-finding-header").click();
    assert.equal(await finding.locator(".nrs-finding-header").getAttribute("aria-expanded"), "true");
    assert.match((await finding.locator(".nrs-why").textContent()) ?? "", /change and deploy flows/);
    assert.ok((await finding.locator(".nrs-fix li").count()) >= 2);
    assert.match(
      (await finding.locator("pre.nrs-snippet").textContent()) ?? "",
      /adminAuth: \{[\s\S]*"<use the Hash a password box below>"/,
    );
    assert.match((await finding.locator("a.nrs-docs").getAttribute("href")) ?? "", /securing-node-red/);
  });

  it("hashes a typed password on the server and puts the hash into the snippets", async () => {
    await page.click(".nrs-hash summary");
    await page.fill(".nrs-hash-password", "Quiet-Harbour-77");
    await page.click(".nrs-hash-button");
    await page.waitForFunction(() =>
      (document.querySelector<HTMLInputElement>(".nrs-hash-output")?.value ?? "").startsWith("$2b$12$"),
    );
    const snippet = await page.textContent('.nrs-finding[data-id="NRS-ADMIN-001"] pre.nrs-snippet');
    const hash = await page.inputValue(".nrs-hash-output");
    assert.ok(snippet?.includes(`password: "${hash}"`), snippet ?? "");
    assert.equal(await page.inputValue(".nrs-hash-password"), "", "the password does not stay in the box");
  });

  it("copies a snippet, with the hash in it, to the clipboard", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const finding = page.locator('.nrs-finding[data-id="NRS-ADMIN-001"]');
    await finding.locator(".nrs-copy").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await finding.locator("pre.nrs-snippet").textContent());
    assert.match(copied, /password: "\$2b\$12\$/);
  });

  it("re-scans on demand", async () => {
    const before = postureRequests.length;
    await page.click(".nrs-rescan");
    await page.waitForFunction(() => !document.querySelector(".nrs-sidebar")?.classList.contains("nrs-busy"));
    await page.waitForSelector('.nrs-finding[data-id="NRS-ADMIN-001"]');
    assert.equal(postureRequests.length, before + 1);
  });

  it("re-scans after a deploy", async () => {
    const before = postureRequests.length;
    // Import a node as a person would (Ctrl-I, paste, place it), then press Deploy.
    await page.click("#red-ui-workspace-chart");
    await page.keyboard.press("Control+i");
    await page.fill(
      "#red-ui-clipboard-dialog-import-text",
      JSON.stringify([{ id: "c1", type: "comment", name: "note", info: "", x: 200, y: 100, wires: [] }]),
    );
    await page.click("#red-ui-clipboard-dialog-ok");
    await page.mouse.click(400, 300);
    await page.click("#red-ui-header-button-deploy");
    const deadline = Date.now() + 20_000;
    while (postureRequests.length === before && Date.now() < deadline) await page.waitForTimeout(100);
    assert.ok(postureRequests.length > before, "no scan after the deploy");
  });

  it("keeps an opened finding beside the hash box in a picture (the README's)", async () => {
    await page.click(".nrs-hash summary");
    const finding = page.locator('.nrs-finding[data-id="NRS-ADMIN-001"]');
    await finding.locator(".nrs-finding-header").click();
    assert.equal(await finding.locator(".nrs-finding-header").getAttribute("aria-expanded"), "true");
    // The "copied" tooltip of an earlier test must not sit on the picture.
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll<HTMLElement>(".red-ui-popover")).some((p) => p.offsetParent !== null),
      undefined,
      { timeout: 10_000 },
    );
    await page.locator("#red-ui-sidebar").screenshot({ path: picturePath("security-sidebar.png") });
  });

  it("shows a report of 200 findings whole: every row, the counts, and one opened to its why and fix", async () => {
    if (!red) throw new Error("Node-RED did not start");
    const own = (await (await fetch(`${red.url}/security/posture`)).json()) as Report;
    const long = longReport(own, 200);
    // This scan answers with 200 findings, as an instance with that many problems would.
    const posture = (url: URL): boolean => url.pathname.endsWith("/security/posture");
    await page.route(posture, (route) => route.fulfill({ json: long }));
    try {
      await page.click(".nrs-rescan");
      await page.waitForFunction(() => document.querySelectorAll(".nrs-findings .nrs-finding").length === 200);
      assert.equal(await page.locator(".nrs-findings .nrs-finding:not([hidden])").count(), 200);
      const shown = await page.$$eval(".nrs-findings .nrs-finding", (els) =>
        els.map((e) => (e as HTMLElement).dataset.severity ?? ""),
      );
      for (const severity of ["critical", "high", "medium", "low", "info"] as const) {
        const count = long.counts[severity];
        assert.equal(await page.textContent(`.nrs-count[data-severity="${severity}"] b`), String(count), severity);
        assert.equal(shown.filter((s) => s === severity).length, count, severity);
      }
      assert.ok(long.counts.critical + long.counts.high > 0 && long.counts.medium + long.counts.low > 0);

      // One far down the list opens to its own why and fix.
      const far = long.findings.slice(150).find((f) => f.fix.length > 0);
      if (!far) throw new Error("no finding with a fix past the 150th");
      const row = page.locator(`.nrs-finding[data-id="${far.id}"]`);
      assert.equal(await row.locator(".nrs-finding-title").textContent(), far.title);
      await row.locator(".nrs-finding-header").click();
      assert.equal(await row.locator(".nrs-why").textContent(), far.why.replace(/`/g, ""));
      assert.deepEqual(
        await row.locator(".nrs-fix li").allTextContents(),
        far.fix.map((step) => step.replace(/`/g, "")),
      );
    } finally {
      await page.unroute(posture);
    }
    // The instance's own report again, for the tests that follow.
    await page.click(".nrs-rescan");
    await page.waitForFunction(() => document.querySelectorAll(".nrs-findings .nrs-finding").length < 200);
    await page.waitForSelector('.nrs-finding[data-id="NRS-ADMIN-001"]');
  });

  it("filters findings by severity (the counts) and by area", async () => {
    const visible = (): Promise<string[]> =>
      page.$$eval(".nrs-findings .nrs-area .nrs-finding:not([hidden])", (els) =>
        els.map((e) => (e as HTMLElement).dataset.severity ?? ""),
      );
    const all = await visible();
    const first = all[0] ?? "";
    assert.ok(first && all.some((s) => s !== first), all.join());
    await page.click(`.nrs-count[data-severity="${first}"]`);
    assert.deepEqual([...new Set(await visible())], [first]);
    assert.equal(await page.getAttribute(`.nrs-count[data-severity="${first}"]`, "aria-pressed"), "true");
    await page.click(`.nrs-count[data-severity="${first}"]`);
    assert.deepEqual(await visible(), all);

    await page.selectOption(".nrs-area-filter", "editor");
    const areas = await page.$$eval(".nrs-findings .nrs-area:not([hidden])", (els) =>
      els.map((e) => (e as HTMLElement).dataset.area),
    );
    assert.deepEqual(areas, ["editor"]);
    await page.selectOption(".nrs-area-filter", "");
  });

  it("says what changed since the last scan, and points at the flow nodes concerned", async () => {
    if (!red) throw new Error("Node-RED did not start");
    // A websocket listener anyone can connect to, deployed from elsewhere (another editor, the admin API).
    await deploy(red, [
      { id: "tabA", type: "tab", label: "Sensors" },
      { id: "wsl", type: "websocket-listener", path: "/ws/sensors", wholemsg: "false" },
      { id: "wsIn", type: "websocket in", z: "tabA", server: "wsl", client: "", x: 200, y: 100, wires: [[]] },
    ]);
    await page.click(".nrs-rescan");
    await page.waitForSelector('.nrs-finding[data-id="NRS-WS-001"]');
    assert.match((await page.textContent(".nrs-changes summary")) ?? "", /^Since the last scan: .*1 new/);
    assert.match((await page.textContent(".nrs-changes .nrs-added")) ?? "", /websocket/i);

    // The live check knocks on that websocket and names its node.
    await page.click(".nrs-live-check");
    await page.waitForSelector('.nrs-finding[data-id="NRS-LIVE-001"]', { timeout: 30_000 });
    const live = page.locator('.nrs-finding[data-id="NRS-LIVE-001"]');
    await live.locator(".nrs-finding-header").click();
    const details = (await live.locator(".nrs-details").textContent()) ?? "";
    assert.match(details, /admin API: GET \/flows: answered 200 without a login/);
    assert.match(details, /websocket \/ws\/sensors: opened a websocket without a login/);
    await live.locator('.nrs-reveal[data-node="wsl"]').waitFor();

    await deploy(red, [{ id: "tabA", type: "tab", label: "Sensors" }]);
    await page.click(".nrs-rescan");
    await page.waitForFunction(() => !document.querySelector('.nrs-finding[data-id="NRS-WS-001"]'));
    assert.match((await page.textContent(".nrs-changes summary")) ?? "", /^Since the last scan: .*fixed/);
    assert.match((await page.textContent(".nrs-changes .nrs-fixed")) ?? "", /websocket/i);
  });

  it("speaks the editor's language: in a German browser the tab, the grade and the findings are German", async () => {
    if (!red || !browser) throw new Error("Node-RED or Chromium did not start");
    // Node-RED picks the editor's language from the browser's (or ?lang=de); the sidebar asks for findings in it.
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1400, height: 900 } });
    try {
      const de = await context.newPage();
      const asked: string[] = [];
      de.on("request", (req) => {
        if (req.url().includes("/security/posture")) asked.push(req.url());
      });
      await de.goto(red.url);
      await de.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
      await de.click("#red-ui-sidebar .red-ui-tab-link-button-menu");
      const entry = de.locator("#red-ui-tabs-menu-option-security");
      assert.equal(await entry.locator(".red-ui-menu-label").textContent(), "Sicherheit");
      await entry.click();
      await de.waitForSelector('.nrs-finding[data-id="NRS-ADMIN-001"]');
      assert.ok(
        asked.some((url) => /[?&]lang=de(&|$)/.test(url)),
        asked.join(", "),
      );
      const finding = de.locator('.nrs-finding[data-id="NRS-ADMIN-001"]');
      assert.equal(await finding.locator(".nrs-finding-title").textContent(), "Der Editor hat keine Anmeldung");
      assert.match((await de.textContent(".nrs-score")) ?? "", /^Punkte \d+\/100$/);
      await finding.locator(".nrs-finding-header").click();
      assert.match((await finding.locator(".nrs-why").textContent()) ?? "", /Flows ändern und übernehmen \(Deploy\)/);
      // The snippet stays code, with the German hint for the hash in it.
      assert.match(
        (await finding.locator("pre.nrs-snippet").textContent()) ?? "",
        /adminAuth: \{[\s\S]*"<Feld „Passwort hashen“ unten verwenden>"/,
      );
      // Every failing finding is worded in German: none of the English titles is left.
      const titles = await de.locator(".nrs-finding-title").allTextContents();
      assert.ok(titles.length >= 5, titles.join(" | "));
      assert.ok(!titles.some((t) => /\b(the|is|has|are|no)\b/.test(t)), titles.join(" | "));
      // The HTTPS section inside NRS-TLS-001, and the server's check of your own certificate, are German too.
      const tls = de.locator('.nrs-finding[data-id="NRS-TLS-001"]');
      await tls.locator(".nrs-finding-header").click();
      const https = tls.locator(".nrs-https");
      await https.locator("button.nrs-https-on").waitFor();
      assert.equal(await https.locator("h4").first().textContent(), "HTTPS für dieses Node-RED");
      assert.equal((await https.locator("button.nrs-https-on").textContent())?.trim(), "HTTPS einschalten");
      await https.locator(".nrs-https-own summary").click();
      assert.equal(
        await https.locator(".nrs-https-own summary").textContent(),
        "Eigenes Zertifikat verwenden (Let's Encrypt, Zertifizierungsstelle der Firma)",
      );
      await https.locator("input.nrs-https-cert").fill("/nonexistent/fullchain.pem");
      await https.locator("input.nrs-https-key").fill("/nonexistent/privkey.pem");
      await https.locator("button.nrs-https-check").click();
      const problems = https.locator(".nrs-https-own ul.nrs-error li");
      await problems.first().waitFor();
      assert.deepEqual(await problems.allTextContents(), [
        "Das Zertifikat /nonexistent/fullchain.pem kann nicht gelesen werden: Datei nicht vorhanden.",
        "Der Schlüssel /nonexistent/privkey.pem kann nicht gelesen werden: Datei nicht vorhanden.",
      ]);
      const section = (await https.textContent()) ?? "";
      assert.ok(
        !/\b(the|your|this|and|with)\b/i.test(section.replace(/Let's Encrypt|settings\.js|\/nonexistent\S*/g, "")),
        section,
      );
    } finally {
      await context.close();
    }
  });
});

describe("Security sidebar in the editor of Node-RED 5 (Chromium)", function () {
  this.timeout(120_000);

  it("shows the grade and the missing editor login", async function () {
    skipWithoutChromium(this);
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    const red = await startNodeRed({ runtime: "5" });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(red.url);
      // Node-RED 5's sidebar has a bar of tab buttons: ours carries the shield.
      const button = page.locator('button[data-tab-id="security"]');
      await button.waitFor({ timeout: 60_000 });
      assert.equal(await button.getAttribute("aria-label"), "Security");
      assert.equal(await button.locator("i.fa-shield").count(), 1);
      // A first visit opens the tab by itself (a click would toggle it shut again).
      await page.waitForSelector(".nrs-grade", { timeout: 60_000 });
      assert.match((await page.textContent(".nrs-grade")) ?? "", /^[A-F][+-]?$/);
      await page.screenshot({ path: join(ROOT, "test-results", "node-red-5-editor.png") });
      assert.equal(
        await page.textContent('.nrs-finding[data-id="NRS-ADMIN-001"] .nrs-finding-title'),
        "The editor has no login",
      );
    } finally {
      await browser.close();
      await red.stop();
    }
  });
});

describe("Security tab and an editor login with read-only users (Chromium)", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;

  before(async function () {
    skipWithoutChromium(this);
    red = await startNodeRed({
      settings: `adminAuth: {
  type: "credentials",
  users: [
    { username: "admin", password: "${STRONG_10}", permissions: "*" },
    { username: "viewer", password: "${STRONG_10}", permissions: "read" }
  ]
},`,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await red?.stop();
  });

  /** The editor as `username` sees it once it has loaded (logged in with a token, as Node-RED's own links do). */
  async function editorOf(username: string): Promise<Page> {
    if (!red || !browser) throw new Error("not started");
    const token = await adminToken(red.url, username, STRONG_PASSWORD);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${red.url}/?access_token=${token}`);
    await page.waitForSelector("#red-ui-palette .red-ui-palette-node", { timeout: 60_000 });
    return page;
  }

  it("shows no Security tab, badge or scan to a user who may only read", async () => {
    const posture: string[] = [];
    const page = await editorOf("viewer");
    page.on("request", (req) => {
      if (req.url().includes("/security/")) posture.push(req.url());
    });
    try {
      // The plugin's onadd has run once the editor has it registered (registerPlugin calls onadd first).
      await page.waitForFunction(() => window.RED.plugins.getPlugin("security-sidebar") !== undefined);
      assert.equal(await page.locator("#red-ui-tab-security").count(), 0);
      assert.equal(await page.locator(".nrs-header-badge").count(), 0);
      assert.equal(await page.locator(".nrs-grade").count(), 0);
      assert.deepEqual(posture, []);
    } finally {
      await page.close();
    }
  });

  it("shows it to a user who may change the settings", async () => {
    const page = await editorOf("admin");
    try {
      await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
      await page.waitForSelector(".nrs-grade", { timeout: 60_000 });
    } finally {
      await page.close();
    }
  });
});
