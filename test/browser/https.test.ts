// A person's way to HTTPS in Chromium: the Security tab's "Turn on HTTPS" edits Node-RED's default
// settings.js; after the restart, a browser that trusts the package's authority (a test profile: its
// own NSS database, as on a Linux desktop) opens the editor over HTTPS with no certificate error — and
// the same browser without that trust refuses it, so the check can fail.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { addSettings } from "../../src/settings-file/edit-settings";
import { tlsFile } from "../../src/tls/paths";
import { launchChromium, picturePath, skipWithoutChromium } from "../support/browser";
import { RUNTIMES, linkPackage, makeUserDir, type RunningNodeRed } from "../support/node-red";
import { UNDER_PM2, startWithOwnSettings } from "../support/own-settings";

const CERTUTIL = "/usr/bin/certutil";

describe("Turn on HTTPS from the Security tab, then the editor over HTTPS (Chromium)", function () {
  this.timeout(180_000);
  let red: RunningNodeRed | undefined;
  let browser: Browser | undefined;
  let userDir: string;
  let home: string;

  before(function () {
    skipWithoutChromium(this);
    if (!existsSync(CERTUTIL)) throw new Error(`${CERTUTIL} is missing: apt-get install libnss3-tools (.ci/run does)`);
    userDir = makeUserDir("nrs-https-browser-");
    home = mkdtempSync(join(tmpdir(), "nrs-chromium-home-"));
    linkPackage(userDir);
    copyFileSync(join(RUNTIMES["4"].redJs, "..", "settings.js"), join(userDir, "settings.js"));
    writeFileSync(join(userDir, "flows.json"), "[]");
  });

  after(async () => {
    await browser?.close();
    await red?.stop();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("turns HTTPS on from NRS-TLS-001 and shows the diff, the restart and the device guide", async () => {
    await addSettings(join(userDir, "settings.js"), [
      { key: "uiHost", value: '"127.0.0.1"' },
      { key: "nodesExcludes", value: '["node-red-dashboard"]' },
    ]);
    red = await startWithOwnSettings("4", userDir, "http", 60_000, undefined, UNDER_PM2);
    browser = await launchChromium({ home });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    await page.goto(red.url);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    await page.click("#red-ui-sidebar .red-ui-tab-link-button-menu");
    await page.locator("#red-ui-tabs-menu-option-security").click();
    const finding = page.locator('.nrs-finding[data-id="NRS-TLS-001"]');
    await finding.locator(".nrs-finding-header").click();
    await finding.locator("button.nrs-https-on").click();
    const diff = finding.locator(".nrs-https-diff");
    await diff.waitFor({ timeout: 30_000 });
    assert.match((await diff.textContent()) ?? "", /\+ {4}https: require\("node-red-contrib-security"\)\.https\(\),/);
    assert.match(
      (await finding.locator(".nrs-https-result").textContent()) ?? "",
      /Restart Node-RED to switch to HTTPS: Node-RED runs under pm2: restart it with "pm2 restart node-red"\./,
    );
    await finding.locator(".nrs-https-trust").waitFor();
    assert.equal(await finding.locator(".nrs-https-guide summary").first().textContent(), "iPhone / iPad");
    assert.match(
      (await finding.locator(".nrs-https-fingerprint").textContent()) ?? "",
      /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
    );
    // The README's picture of step 1 and 3.
    await finding.locator(".nrs-https-guide").first().locator("summary").click();
    await finding.locator(".nrs-https-result").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.locator("#red-ui-sidebar").screenshot({ path: picturePath("https-turn-on.png") });
    // The download button saves the authority's certificate as node-red-ca.crt.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      finding.locator("button.nrs-https-download").click(),
    ]);
    assert.equal(download.suggestedFilename(), "node-red-ca.crt");
    const saved = await download.path();
    assert.equal(readFileSync(saved, "utf8"), readFileSync(tlsFile(userDir, "caCert"), "utf8"));
    await browser.close();
    browser = undefined;
    await red.stop();
    red = undefined;
  });

  it("opens the restarted editor over HTTPS with no certificate error once the authority is trusted", async () => {
    await browser?.close();
    await red?.stop();
    red = await startWithOwnSettings("4", userDir, "https");
    const url = `https://localhost:${String(red.port)}/`;
    // Without the authority, Chromium refuses the certificate.
    browser = await launchChromium({ home });
    const untrusted = await browser.newPage();
    await assert.rejects(untrusted.goto(url), /ERR_CERT_AUTHORITY_INVALID/);
    await browser.close();
    // Trust it as a person does on Linux: an authority in the profile's NSS database.
    const nssdb = join(home, ".pki", "nssdb");
    mkdirSync(nssdb, { recursive: true });
    execFileSync(CERTUTIL, ["-d", `sql:${nssdb}`, "-N", "--empty-password"]);
    execFileSync(CERTUTIL, [
      "-d",
      `sql:${nssdb}`,
      "-A",
      "-t",
      "C,,",
      "-n",
      "node-red-ca",
      "-i",
      tlsFile(userDir, "caCert"),
    ]);
    browser = await launchChromium({ home });
    const page = await browser.newPage();
    const response = await page.goto(url);
    assert.equal(response?.status(), 200);
    await page.waitForSelector("#red-ui-tab-security", { state: "attached", timeout: 60_000 });
    assert.equal(await page.evaluate(() => location.protocol), "https:");
  });
});
