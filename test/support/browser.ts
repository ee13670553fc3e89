// Headless Debian Chromium driven by playwright-core, as the sidebar's users see it.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { ROOT } from "./cli";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/**
 * Skips the calling suite when Chromium is missing — the one optional dependency of the browser tests —
 * and says so, naming it, so the gap shows in the output.
 */
export function skipWithoutChromium(context: Mocha.Context): void {
  const missing = chromiumMissing();
  if (missing) {
    console.warn(`    skipped: ${missing}`);
    context.skip();
  }
}

/** Headless Chromium; with `home`, its HOME (and so its NSS certificate database, ~/.pki/nssdb) is there. */
export function launchChromium(options: { home?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(options.home === undefined ? {} : { env: { ...process.env, HOME: options.home } }),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      // This machine has no internet: keep Chromium from trying.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Where a browser test saves a picture of what it sees: test-results/ (ignored by git), so a test run
 * leaves the tree clean; docs/ only under `npm run docs:pictures` (DOCS_PICTURES=1), which renews the
 * README's pictures on purpose.
 */
export function picturePath(name: string): string {
  const dir = join(ROOT, process.env.DOCS_PICTURES === "1" ? "docs" : "test-results");
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Presses the editor's Deploy as a person does and waits for Node-RED's answer to it (the button greys
 * out as soon as the deploy starts, not when it is done).
 */
export async function pressDeploy(page: Page): Promise<void> {
  const answered = page.waitForResponse((res) => res.request().method() === "POST" && /\/flows$/.test(res.url()));
  await page.click("#red-ui-header-button-deploy");
  const status = (await answered).status();
  if (status !== 200) throw new Error(`Node-RED answered the deploy with HTTP ${String(status)}`);
}

/** Asks `url` until it is routed again after a deploy (no longer 404), bounded; returns that answer. */
export async function untilRouted(url: string, headers: Record<string, string> = {}): Promise<Response> {
  let res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  for (let i = 0; i < 50 && res.status === 404; i++) {
    await new Promise((r) => setTimeout(r, 100));
    res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  }
  return res;
}
