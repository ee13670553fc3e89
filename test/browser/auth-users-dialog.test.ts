// The auth-users dialog (its code is the bundle resources/auth-users-dialog.js) in Chromium on every
// Node-RED the package supports: add a user, set one password with "Set" and type another without it,
// Done (which hashes the typed one and says so), Deploy, and both users log in through the gate. A
// password set in a dialog that is then cancelled still counts at the next Done; one Done could not
// send says so. A password still being hashed when Deploy is pressed applies a moment later, and the
// editor asks for one more deploy to save it.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchChromium, pressDeploy, skipWithoutChromium, untilRouted } from "../support/browser";
import { RUNTIMES, type RuntimeName, startNodeRed, type RunningNodeRed } from "../support/node-red";

const ANNA = "Copper-Meadow-72-lantern";
const BEN = "Quiet-Harbour-19-violin";

const FLOWS = [
  { id: "t1", type: "tab", label: "Desk" },
  {
    id: "users1",
    type: "auth-users",
    name: "",
    accounts: [{ id: "u1", username: "anna", roles: ["admin"], enabled: true }],
    cost: 10,
    sessionIdleMinutes: 1440,
    sessionMaxHours: 168,
    store: "memory",
    storePrefix: "nrs:",
    rev: 0,
  },
  { id: "in1", type: "http in", z: "t1", url: "/desk", method: "get", x: 120, y: 80, wires: [["gate1"]] },
  {
    id: "gate1",
    type: "auth-gate",
    z: "t1",
    name: "",
    usersConfig: "users1",
    method: "basic",
    roles: "",
    realm: "Desk",
    title: "",
    scope: "/desk",
    loginPath: "",
    logoutPath: "",
    protectScope: false,
    deniedOutput: false,
    trustProxy: false,
    securityHeaders: true,
    requireSecondFactor: false,
    loginHours: "",
    outputs: 1,
    x: 320,
    y: 80,
    wires: [["out1"]],
  },
  { id: "out1", type: "http response", z: "t1", x: 520, y: 80, wires: [] },
];

/** The gate's answer to `username`:`password` (bounded in time). */
async function statusFor(url: string, username: string, password: string): Promise<number> {
  const credentials = Buffer.from(`${username}:${password}`).toString("base64");
  const res = await fetch(url, {
    headers: { Authorization: `Basic ${credentials}` },
    signal: AbortSignal.timeout(15_000),
  });
  return res.status;
}

/**
 * Deploy, as a person does, until Node-RED has answered it and the endpoint is back. Asked without
 * credentials meanwhile: wrong ones would count towards the gate's lockout.
 */
async function deployAndWait(page: Page, url: string): Promise<void> {
  await pressDeploy(page);
  assert.equal((await untilRouted(url)).status, 401, "the gate is not back after the deploy");
}

async function openUsersEditor(page: Page): Promise<void> {
  // The pencil beside the users field: its id differs between Node-RED 3.1 and later versions.
  const edit = page.locator("#node-input-btn-usersConfig-edit, #node-input-lookup-usersConfig").first();
  await edit.waitFor();
  await edit.click();
  await page.locator("#node-config-input-accounts-list li").first().waitFor();
}

async function openUsersDialog(page: Page): Promise<void> {
  await page.locator("#gate1 rect").first().dblclick();
  await openUsersEditor(page);
}

describe("the auth-users dialog in Chromium", function () {
  this.timeout(180_000);
  let browser: Browser | undefined;

  /** A Node-RED of `runtime` with FLOWS, its editor open on a new page; both go when `work` is done. */
  async function inEditor(
    runtime: RuntimeName,
    work: (page: Page, red: RunningNodeRed) => Promise<void>,
  ): Promise<void> {
    if (!browser) throw new Error("not started");
    const red = await startNodeRed({ runtime, flows: FLOWS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      await page.goto(red.url);
      await page.locator("#gate1 rect").first().waitFor({ timeout: 60_000 });
      await work(page, red);
    } finally {
      await page.close();
      await red.stop();
    }
  }

  before(async function () {
    skipWithoutChromium(this);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const runtime of ["3", "4", "5"] as RuntimeName[]) {
    it(`adds a user and sets passwords that log in after deploy, in ${RUNTIMES[runtime].label}`, async () => {
      await inEditor(runtime, async (page, red) => {
        await openUsersDialog(page);
        const rows = page.locator("#node-config-input-accounts-list li");
        // Anna's password with "Set": hashed on the server at once, the field emptied.
        await rows.nth(0).locator(".nrs-user-state").filter({ hasText: "no password yet" }).waitFor();
        await rows.nth(0).locator(".nrs-user-password").fill(ANNA);
        await rows.nth(0).locator(".nrs-user-set").click();
        await rows.nth(0).locator(".nrs-user-state").filter({ hasText: "password set" }).waitFor();
        assert.equal(await rows.nth(0).locator(".nrs-user-password").inputValue(), "");
        // Ben is new, and his password is only typed: Done sends it.
        await page.click("#node-config-dialog-edit-form .red-ui-editableList-addButton");
        await rows.nth(1).locator(".nrs-user-name").fill("ben");
        await rows.nth(1).locator(".nrs-user-roles").fill("viewer");
        await rows.nth(1).locator(".nrs-user-password").fill(BEN);
        await page.click("#node-config-dialog-ok");
        await page.locator(".red-ui-notification", { hasText: "Password saved. Deploy to apply it." }).waitFor();
        await page.click("#node-dialog-ok");
        const url = `${red.url}/desk`;
        await deployAndWait(page, url);
        assert.equal(await statusFor(url, "ben", BEN), 200, "ben cannot log in");
        assert.equal(await statusFor(url, "anna", ANNA), 200, "anna cannot log in");
        assert.equal(await statusFor(url, "ben", ANNA), 401);
        // Opened again, the dialog shows both users with a password, and nothing of either.
        await openUsersDialog(page);
        await rows.nth(1).locator(".nrs-user-state").filter({ hasText: "password set" }).waitFor();
        assert.deepEqual(
          await rows.locator(".nrs-user-name").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
          ["anna", "ben"],
        );
        assert.equal(await rows.nth(0).locator(".nrs-user-state").textContent(), "password set");
      });
    });
  }

  it(`counts a password set before Cancel at the next Done, in ${RUNTIMES["4"].label}`, async () => {
    await inEditor("4", async (page, red) => {
      await openUsersDialog(page);
      const anna = page.locator("#node-config-input-accounts-list li").first();
      await anna.locator(".nrs-user-password").fill(ANNA);
      await anna.locator(".nrs-user-set").click();
      await anna.locator(".nrs-user-state").filter({ hasText: "password set" }).waitFor();
      await page.click("#node-config-dialog-cancel");
      // Opened again and closed with Done, nothing else changed: the list is changed, Deploy applies it.
      await openUsersEditor(page);
      await page.click("#node-config-dialog-ok");
      await page.click("#node-dialog-ok");
      await page.waitForFunction(
        () => !document.querySelector("#red-ui-header-button-deploy")?.classList.contains("disabled"),
      );
      await deployAndWait(page, `${red.url}/desk`);
      assert.equal(await statusFor(`${red.url}/desk`, "anna", ANNA), 200, "anna cannot log in");
    });
  });

  it(`applies a password still being hashed at Deploy, and asks for one more, in ${RUNTIMES["4"].label}`, async () => {
    await inEditor("4", async (page, red) => {
      await openUsersDialog(page);
      // Cost 15: bcrypt takes seconds, and Deploy is pressed at once after Done.
      await page.fill("#node-config-input-cost", "15");
      await page.locator("#node-config-input-accounts-list li .nrs-user-password").first().fill(ANNA);
      await page.click("#node-config-dialog-ok");
      await page.click("#node-dialog-ok");
      await pressDeploy(page);
      const saved = page.locator(".red-ui-notification", { hasText: "Password saved" });
      assert.equal(await saved.count(), 0, "the deploy must come while the password is being hashed");
      // Only a deploy that came before the hash brings this notice.
      await page.locator(".red-ui-notification", { hasText: "deploy once more to save it" }).waitFor();
      const url = `${red.url}/desk`;
      assert.equal(await statusFor(url, "anna", ANNA), 200, "the password does not apply without another deploy");
      await page.waitForFunction(
        () => !document.querySelector("#red-ui-header-button-deploy")?.classList.contains("disabled"),
      );
      await deployAndWait(page, url);
      assert.equal(await statusFor(url, "anna", ANNA), 200);
    });
  });

  it(`says so when Done cannot send a typed password, in ${RUNTIMES["5"].label}`, async () => {
    await inEditor("5", async (page) => {
      await openUsersDialog(page);
      // Longer than bcrypt can use: the server refuses it, and Done must not claim it was saved.
      await page.locator("#node-config-input-accounts-list li .nrs-user-password").first().fill("x".repeat(80));
      await page.click("#node-config-dialog-ok");
      const refused = page.locator(".red-ui-notification", { hasText: "the password was not set" });
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? "", /longer than 72 bytes/);
      assert.equal(await page.locator(".red-ui-notification", { hasText: "Password saved" }).count(), 0);
    });
  });
});
