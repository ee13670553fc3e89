// The Security sidebar tab: fetches the posture report, shows it, re-scans on demand and after each
// deploy, and keeps the password hash made in its hash box for the settings.js snippets.
import type { Finding, Report } from "../audit/types";
import { EditorLoginPanel } from "./editor-login-panel";
import { renderHashBox } from "./hash-box";
import { HttpsPanel } from "./https-panel";
import { translator, type Translate } from "./i18n";
import {
  type FilterState,
  type ScanChanges,
  applyFilters,
  h,
  refreshSnippets,
  renderChanges,
  renderFilterBar,
  renderFindings,
  renderNotes,
  renderSummary,
  type SnippetState,
} from "./render";

// Relative URLs: the editor adds its auth token only to requests without a leading "/".
const POSTURE_URL = "security/posture";
/** Where the previous scan's problems are kept, to tell what a change fixed. */
const LAST_SCAN_KEY = "node-red-contrib-security.lastScan";

interface LastScan {
  readonly failing: readonly { readonly id: string; readonly title: string }[];
}

function readLastScan(): LastScan | undefined {
  try {
    const parsed = JSON.parse(localStorage.getItem(LAST_SCAN_KEY) ?? "null") as LastScan | null;
    return parsed && Array.isArray(parsed.failing) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Compares this report with the previous scan (kept in this browser) and remembers this one. */
function changesSinceLastScan(report: Report): ScanChanges | undefined {
  const failing = report.findings.filter((f) => f.severity !== "pass").map((f) => ({ id: f.id, title: f.title }));
  const last = readLastScan();
  try {
    localStorage.setItem(LAST_SCAN_KEY, JSON.stringify({ failing } satisfies LastScan));
  } catch {
    // Private browsing or a full storage: no comparison next time, nothing else lost.
  }
  if (!last) return undefined;
  const now = new Set(failing.map((f) => f.id));
  const before = new Set(last.failing.map((f) => f.id));
  return {
    fixed: last.failing.filter((f) => !now.has(f.id)),
    added: failing.filter((f) => !before.has(f.id)),
  };
}

class AjaxError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string | undefined,
  ) {
    super(serverMessage ?? `HTTP ${String(status)}`);
  }
}

function randomSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export class SecuritySidebar {
  readonly content: HTMLElement;
  private readonly t: Translate;
  private readonly status: HTMLElement;
  private readonly reportArea: HTMLElement;
  private readonly snippets: SnippetState = { secret: randomSecret() };
  private readonly filters: FilterState = { severities: new Set(), area: "" };
  private changes: ScanChanges | undefined;
  private scanning = false;
  private rescanQueued = false;
  private opened = false;
  report: Report | undefined;
  private readonly https: HttpsPanel;
  private readonly settingsFixes: EditorLoginPanel;

  constructor(private readonly RED: RedEditor) {
    this.t = translator(RED);
    this.https = new HttpsPanel(
      this.t,
      (method, url, body) => this.request(method, url, body),
      () => this.RED.i18n?.lang() ?? "en-US",
    );
    this.settingsFixes = new EditorLoginPanel(
      this.t,
      (method, url, body) => this.request(method, url, body),
      () => void this.scan(),
      () => this.RED.i18n?.lang() ?? "en-US",
    );
    this.status = h("div", { class: "nrs-status", role: "status", "aria-live": "polite" });
    this.reportArea = h("div", { class: "nrs-report" });
    const rescan = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-rescan" }, [
      h("i", { class: "fa fa-refresh", "aria-hidden": "true" }),
      ` ${this.t("toolbar.rescan")}`,
    ]);
    rescan.addEventListener("click", () => void this.scan());
    const liveCheck = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-live-check" }, [
      h("i", { class: "fa fa-user-secret", "aria-hidden": "true" }),
      ` ${this.t("live.button")}`,
    ]);
    liveCheck.setAttribute("title", this.t("live.help"));
    liveCheck.addEventListener("click", () => void this.scan(true));
    // No title here: Node-RED already labels the tab (and, in 5.x, the section) "Security".
    const header = h("div", { class: "red-ui-sidebar-header nrs-header" }, [liveCheck, rescan]);
    this.content = h("div", { class: "nrs-sidebar" }, [
      header,
      h("div", { class: "nrs-scroll" }, [
        this.status,
        this.reportArea,
        renderHashBox({
          t: this.t,
          request: (method, url, body) => this.request(method, url, body),
          copy: (text, button) => this.copy(text, button),
          describeFailure: (err) => this.describeFailure(err),
          onHash: (hash) => {
            this.snippets.hash = hash;
            refreshSnippets(this.reportArea, this.snippets, this.t);
          },
        }),
      ]),
    ]);
  }

  /** Called when the tab is shown: the first showing triggers the first scan. */
  onShow(): void {
    if (this.opened) return;
    this.opened = true;
    // The header badge may have scanned already (or be scanning).
    if (!this.report && !this.scanning) void this.scan();
  }

  /** After a deploy the flows changed: scan again, for the tab and the header's grade. */
  onDeploy(): void {
    void this.scan();
  }

  /** Called with every new report (the header badge shows its grade). */
  onReport: ((report: Report) => void) | undefined;

  /** Scans; with `live`, the server also asks itself what a stranger can reach. */
  async scan(live = false): Promise<void> {
    if (this.scanning) {
      this.rescanQueued = true;
      return;
    }
    this.scanning = true;
    this.content.classList.add("nrs-busy");
    this.setStatus(this.t(live ? "live.running" : "status.scanning"));
    try {
      // The findings come back in the editor's language (the server falls back to en-US).
      const lang = encodeURIComponent(this.RED.i18n?.lang() ?? "en-US");
      const report = await this.request<Report>("GET", `${POSTURE_URL}?lang=${lang}${live ? "&probe=1" : ""}`);
      this.changes = changesSinceLastScan(report);
      this.showReport(report);
      this.setStatus("");
    } catch (err) {
      this.reportArea.replaceChildren();
      this.setStatus(this.describeFailure(err), true);
    } finally {
      this.scanning = false;
      this.content.classList.remove("nrs-busy");
      if (this.rescanQueued) {
        this.rescanQueued = false;
        void this.scan();
      }
    }
  }

  showReport(report: Report): void {
    this.report = report;
    this.onReport?.(report);
    const options = {
      t: this.t,
      snippets: this.snippets,
      copy: (text: string, btn: HTMLElement) => this.copy(text, btn),
      actions: (f: Finding) => this.https.actionsFor(f) ?? this.settingsFixes.actionsFor(f),
      ...(this.RED.view ? { reveal: (id: string) => this.RED.view?.reveal(id) } : {}),
    };
    // A filter for an area this report no longer has would hide everything.
    if (!report.findings.some((f) => f.area === this.filters.area && f.severity !== "pass")) this.filters.area = "";
    const summary = renderSummary(report, this.t);
    const filterBar = renderFilterBar(report, this.filters, this.t);
    this.reportArea.replaceChildren(
      ...[
        summary,
        renderChanges(this.changes, this.t),
        filterBar,
        renderNotes(report),
        renderFindings(report, options),
      ].filter((x): x is HTMLElement => x !== null),
    );
    for (const button of Array.from(summary.querySelectorAll<HTMLElement>(".nrs-count"))) {
      button.addEventListener("click", () => {
        const severity = button.dataset.severity ?? "";
        if (this.filters.severities.has(severity)) this.filters.severities.delete(severity);
        else this.filters.severities.add(severity);
        applyFilters(this.reportArea, this.filters);
      });
    }
    filterBar?.querySelector("select")?.addEventListener("change", (event) => {
      this.filters.area = (event.target as HTMLSelectElement).value;
      applyFilters(this.reportArea, this.filters);
    });
    applyFilters(this.reportArea, this.filters);
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle("nrs-error", error);
    this.status.hidden = text === "";
  }

  private describeFailure(err: unknown): string {
    if (!(err instanceof AjaxError)) return this.t("status.failed", { error: String(err) });
    if (err.status === 401 || err.status === 403) return this.t("status.forbidden");
    if (err.status === 404) return this.t("status.notFound");
    return this.t("status.failed", { error: err.message });
  }

  private request<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      $.ajax({
        url,
        method,
        cache: false,
        dataType: "json",
        headers: { Accept: "application/json" },
        ...(body === undefined ? {} : { contentType: "application/json", data: JSON.stringify(body) }),
      })
        .done((data: T) => resolve(data))
        .fail((xhr: JQuery.jqXHR) => {
          const json = xhr.responseJSON as { error?: unknown } | undefined;
          reject(new AjaxError(xhr.status, typeof json?.error === "string" ? json.error : undefined));
        });
    });
  }

  private copy(text: string, button: HTMLElement): void {
    if (this.RED.clipboard) {
      this.RED.clipboard.copyText(text, $(button), this.t("finding.copied"));
      return;
    }
    void navigator.clipboard.writeText(text);
  }
}
