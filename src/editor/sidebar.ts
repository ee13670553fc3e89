// The Security sidebar tab: fetches the posture report, shows it, re-scans on demand and after each
// deploy, and makes bcrypt hashes on the server for the settings.js snippets.
import type { Finding, Report } from "../audit/types";
import { EditorLoginPanel } from "./editor-login-panel";
import { HttpsPanel } from "./https-panel";
import { translator, type Translate } from "./i18n";
import {
  type FilterState,
  type ScanChanges,
  applyFilters,
  h,
  injectStyles,
  refreshSnippets,
  renderChanges,
  renderFilterBar,
  renderFindings,
  renderNotes,
  renderSummary,
  type SnippetState,
} from "./render";
import styles from "./styles.css";

// Relative URLs: the editor adds its auth token only to requests without a leading "/".
const POSTURE_URL = "security/posture";
const HASH_URL = "security/hash";
const TAB_ID = "security";
/** Remembers (in this browser and in the user's editor settings) that the tab opened by itself once. */
const SHOWN_KEY = "node-red-contrib-security.tabShown";
const SHOWN_SETTING = "nodeRedContribSecurityTabShown";
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

/** True when this editor was opened over plain HTTP from another machine: typed passwords cross the network. */
function plainHttpFromAfar(): boolean {
  const host = location.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host === "::1" || /^127\./.test(host);
  return location.protocol === "http:" && !local;
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
      h("div", { class: "nrs-scroll" }, [this.status, this.reportArea, this.renderHashBox()]),
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

  private renderHashBox(): HTMLElement {
    const t = this.t;
    const password = h("input", {
      type: "password",
      class: "nrs-hash-password",
      autocomplete: "new-password",
      placeholder: t("hash.passwordPlaceholder"),
      "aria-label": t("hash.passwordLabel"),
    }) as HTMLInputElement;
    const cost = h(
      "select",
      { class: "nrs-hash-cost", "aria-label": t("hash.costLabel") },
      [10, 11, 12, 13, 14].map((n) =>
        h("option", n === 12 ? { value: String(n), selected: "" } : { value: String(n) }, [String(n)]),
      ),
    ) as HTMLSelectElement;
    const button = h("button", { type: "submit", class: "red-ui-button nrs-hash-button" }, [t("hash.button")]);
    const output = h("input", {
      type: "text",
      class: "nrs-hash-output",
      readonly: "",
      "aria-label": t("hash.outputLabel"),
    }) as HTMLInputElement;
    const copy = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-copy" }, [
      h("i", { class: "fa fa-clipboard", "aria-hidden": "true" }),
    ]);
    copy.addEventListener("click", () => {
      if (output.value) this.copy(output.value, copy);
    });
    const message = h("div", { class: "nrs-hash-message", role: "status" });
    const result = h("div", { class: "nrs-hash-result", hidden: "" }, [output, copy]);
    const form = h("form", { class: "nrs-hash-form" }, [
      h("div", { class: "nrs-hash-row" }, [password, h("label", {}, [t("hash.cost"), " ", cost]), button]),
      message,
      result,
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = password.value;
      if (!value) {
        message.textContent = t("hash.empty");
        return;
      }
      button.setAttribute("disabled", "");
      message.textContent = value.length < 12 ? t("hash.short") : t("hash.working");
      this.request<{ hash: string }>("POST", HASH_URL, { password: value, cost: Number(cost.value) })
        .then(({ hash }) => {
          // The password leaves the page once, to be hashed; only the hash stays.
          password.value = "";
          this.snippets.hash = hash;
          output.value = hash;
          result.hidden = false;
          message.textContent = value.length < 12 ? t("hash.doneShort") : t("hash.done");
          refreshSnippets(this.reportArea, this.snippets, t);
        })
        .catch((err: unknown) => {
          message.textContent = this.describeFailure(err);
        })
        .finally(() => {
          button.removeAttribute("disabled");
        });
    });
    return h("details", { class: "nrs-hash" }, [
      h("summary", {}, [h("i", { class: "fa fa-key", "aria-hidden": "true" }), ` ${t("hash.title")}`]),
      h("p", { class: "nrs-hash-help" }, [t("hash.help")]),
      plainHttpFromAfar() ? h("p", { class: "nrs-hash-warning" }, [t("hash.plainHttp")]) : null,
      form,
    ]);
  }
}

/**
 * A small shield with the grade in the editor's header: always in sight, and a click opens the tab.
 * Undefined when the editor has no header toolbar (an embedded or very old editor).
 */
function addHeaderBadge(t: Translate, open: () => void): ((report: Report) => void) | undefined {
  const toolbar = document.querySelector("#red-ui-header .red-ui-header-toolbar");
  if (!toolbar || document.getElementById("nrs-header-badge")) return undefined;
  const grade = h("span", { class: "nrs-header-grade" }, ["…"]);
  const link = h("a", { id: "nrs-header-badge", class: "button nrs-header-badge", href: "#", role: "button" }, [
    h("i", { class: "fa fa-shield", "aria-hidden": "true" }),
    grade,
  ]);
  link.setAttribute("title", t("badge.scanning"));
  link.addEventListener("click", (event) => {
    event.preventDefault();
    open();
  });
  toolbar.prepend(h("li", { id: "nrs-header-badge-item" }, [link]));
  return (report) => {
    grade.textContent = report.grade;
    link.className = `button nrs-header-badge nrs-grade-${report.grade.charAt(0)}`;
    link.dataset.grade = report.grade;
    const label = t("badge.title", { grade: report.grade, score: report.score });
    link.setAttribute("title", label);
    link.setAttribute("aria-label", label);
  };
}

function storedFlag(RED: RedEditor): boolean {
  try {
    if (RED.settings?.get?.(SHOWN_SETTING) === true) return true;
  } catch {
    // No user settings in this editor: this browser's memory decides.
  }
  try {
    return localStorage.getItem(SHOWN_KEY) === "1";
  } catch {
    return false;
  }
}

/** Opens the tab by itself once, after the package is installed: new users find it without the ▾ menu. */
function openOnce(RED: RedEditor, show: () => void): void {
  if (storedFlag(RED)) return;
  let done = false;
  const open = (): void => {
    if (done) return;
    done = true;
    show();
    try {
      localStorage.setItem(SHOWN_KEY, "1");
    } catch {
      // Private browsing: the user settings below still remember it.
    }
    try {
      RED.settings?.set?.(SHOWN_SETTING, true);
    } catch {
      // An editor without user settings: this browser remembers it.
    }
  };
  // While the editor loads, the sidebar reopens the tab of the last session as the nodes add theirs:
  // wait for the flows. Installed into an editor that already runs: now.
  // After the flows load, the editor shows the session's first tab: open ours just after that.
  if (RED.nodes?.getType?.("inject")) setTimeout(open, 0);
  else RED.events.on("flows:loaded", () => setTimeout(open, 0));
}

let mounted: SecuritySidebar | undefined;

/** Adds the Security tab once; later calls (a re-installed package) return the same tab. */
export function addSecuritySidebar(RED: RedEditor): SecuritySidebar {
  if (mounted) return mounted;
  injectStyles("nrs-sidebar-styles", styles);
  const sidebar = new SecuritySidebar(RED);
  RED.sidebar.addTab({
    id: TAB_ID,
    label: RED._("node-red-contrib-security/security-sidebar:sidebar.label"),
    name: RED._("node-red-contrib-security/security-sidebar:sidebar.name"),
    iconClass: "fa fa-shield",
    content: sidebar.content,
    enableOnEdit: true,
    action: "security:show-security-tab",
    onchange: () => sidebar.onShow(),
  });
  RED.actions?.add("security:show-security-tab", () => RED.sidebar.show(TAB_ID));
  RED.events.on("deploy", () => sidebar.onDeploy());
  const badge = addHeaderBadge(translator(RED), () => RED.sidebar.show(TAB_ID));
  if (badge) {
    sidebar.onReport = badge;
    // The badge needs a grade before anyone opens the tab.
    void sidebar.scan();
  }
  openOnce(RED, () => RED.sidebar.show(TAB_ID));
  mounted = sidebar;
  return sidebar;
}
