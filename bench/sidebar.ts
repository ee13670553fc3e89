// The Security tab's render of 200 findings in Chromium (DESIGN.md: ≤ 100 ms): the built bundle
// (resources/security-sidebar.js) and its stylesheet in a fresh page each run, as when a person opens the
// tab, rendering the summary and the findings of a default install's report repeated to 200 failing
// findings, until the browser has laid them out. Opening all of them is printed too, not budgeted.
// Runs alone with `npm run bench -- --only=sidebar` (after `npm run build`); bench/run.ts calls it too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collectFacts, runAudit } from "../src/audit";
import { chromiumMissing, launchChromium } from "../test/support/browser";
import { ROOT } from "../test/support/cli";
import { longReport } from "../test/support/long-report";

export interface SidebarTiming {
  readonly findings: number;
  /** Median of the runs: summary and findings built, put into the page and laid out. */
  readonly renderMs: number;
  /** Median of the runs: every finding then opened (its body built) and laid out again. */
  readonly openAllMs: number;
  readonly runs: number;
}

const FINDINGS = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function benchSidebar(runs = 7): Promise<SidebarTiming> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const bundle = join(ROOT, "resources", "security-sidebar.js");
  const css = readFileSync(join(ROOT, "src", "editor", "styles.css"), "utf8");
  const report = longReport(runAudit(await collectFacts({}, { source: "settings-file" })), FINDINGS);
  // As the tab lays it out: the sidebar's column, its scrolling area, the report inside.
  const html = `<!doctype html><html><head><style>${css}</style></head><body>
    <div class="nrs-sidebar" style="width: 315px; height: 900px"><div class="nrs-scroll"><div class="nrs-report"></div></div></div>
    </body></html>`;
  // Passed as source text: the bench's compiled helpers must not leak into the page.
  const measure = `(() => {
    const report = ${JSON.stringify(report)};
    const S = window.NodeRedContribSecurity;
    const t = (key) => key;
    const area = document.querySelector(".nrs-report");
    const start = performance.now();
    area.replaceChildren(
      S.renderSummary(report, t),
      S.renderFindings(report, { t, snippets: { secret: "s" }, copy: () => undefined }),
    );
    void area.offsetHeight;
    const rendered = performance.now() - start;
    const shown = area.querySelectorAll(".nrs-finding").length;
    const opening = performance.now();
    for (const header of area.querySelectorAll(".nrs-finding-header")) header.click();
    void area.offsetHeight;
    return [rendered, performance.now() - opening, shown];
  })()`;
  const browser = await launchChromium();
  const render: number[] = [];
  const openAll: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      try {
        await page.setContent(html);
        await page.addScriptTag({ path: bundle });
        const [rendered, opened, shown] = await page.evaluate<[number, number, number]>(measure);
        if (shown !== FINDINGS) throw new Error(`the sidebar showed ${String(shown)} of ${String(FINDINGS)} findings`);
        render.push(rendered);
        openAll.push(opened);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { findings: FINDINGS, renderMs: median(render), openAllMs: median(openAll), runs };
}
