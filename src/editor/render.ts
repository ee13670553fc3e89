// Builds the sidebar's DOM from an audit report. Plain DOM, no framework: it renders hundreds of findings fast.
import { fillSnippet } from "../audit/snippet";
import type { Area, Finding, Report } from "../audit/types";
import { AREAS, SEVERITIES } from "../audit/types";
import type { Translate } from "./i18n";

type Child = Node | string | null | undefined | false;

export function h(tag: string, attrs: Record<string, string> = {}, children: readonly Child[] = []): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** Adds a stylesheet to the editor's page once (by its element id). */
export function injectStyles(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

/** What a failed request says, for a line of the panel. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Text with `code` spans, as the rules write commands and setting names. */
export function inline(text: string): Child[] {
  return text.split(/(`[^`]+`)/).map((part) => (/^`[^`]+`$/.test(part) ? h("code", {}, [part.slice(1, -1)]) : part));
}

export interface SnippetState {
  hash?: string;
  secret: string;
}

/** Puts the current hash and secret into every snippet on the page. */
export function refreshSnippets(root: HTMLElement, state: SnippetState, t: Translate): void {
  for (const pre of Array.from(root.querySelectorAll<HTMLElement>("pre[data-snippet]"))) {
    pre.textContent = fillSnippet(pre.dataset.snippet ?? "", state, t("hash.placeholder"));
  }
}

export interface RenderOptions {
  readonly t: Translate;
  readonly snippets: SnippetState;
  readonly copy: (text: string, button: HTMLElement) => void;
  /** Extra controls for a finding (the HTTPS switch of NRS-TLS-001), shown in its body. */
  readonly actions?: (f: Finding) => HTMLElement | null;
  /** Shows a flow node in the workspace. */
  readonly reveal?: (nodeId: string) => void;
}

/** Which findings are shown: an empty set of severities means all of them. */
export interface FilterState {
  readonly severities: Set<string>;
  area: string;
}

/** What changed since the previous scan, by finding id. */
export interface ScanChanges {
  readonly fixed: readonly { readonly id: string; readonly title: string }[];
  readonly added: readonly { readonly id: string; readonly title: string }[];
}

export function renderSummary(report: Report, t: Translate): HTMLElement {
  const gradeClass = `nrs-grade nrs-grade-${report.grade.charAt(0)}`;
  const counts = h(
    "div",
    { class: "nrs-counts" },
    // Each count is also a filter: pressed counts show only their severity.
    SEVERITIES.map((s) =>
      h(
        "button",
        {
          type: "button",
          class: `nrs-count nrs-sev-${s}${report.counts[s] === 0 ? " nrs-count-zero" : ""}`,
          "data-severity": s,
          "aria-pressed": "false",
          title: t("filter.severityHint"),
        },
        [h("b", {}, [String(report.counts[s])]), ` ${t(`severity.${s}`)}`],
      ),
    ),
  );
  const scanned = new Date(report.scannedAt);
  return h("div", { class: "nrs-summary" }, [
    h(
      "div",
      { class: gradeClass, "data-grade": report.grade, "aria-label": t("summary.grade", { grade: report.grade }) },
      [report.grade],
    ),
    h("div", { class: "nrs-summary-text" }, [
      h("div", { class: "nrs-score" }, [t("summary.score", { score: report.score })]),
      h("div", { class: "nrs-scanned" }, [
        t("summary.scanned", {
          time: Number.isNaN(scanned.getTime()) ? report.scannedAt : scanned.toLocaleTimeString(),
        }),
      ]),
      counts,
    ]),
  ]);
}

function renderFindingBody(f: Finding, options: RenderOptions, id: string): HTMLElement {
  const { t } = options;
  const parts: Child[] = [
    h("div", { class: "nrs-finding-id" }, [f.id]),
    f.details?.length
      ? h(
          "ul",
          { class: "nrs-details" },
          f.details.map((d) => h("li", {}, inline(d))),
        )
      : null,
  ];
  if (f.nodes?.length) {
    const { reveal } = options;
    parts.push(
      h("h4", {}, [t("finding.nodes")]),
      h(
        "ul",
        { class: "nrs-nodes" },
        f.nodes.map((n) => {
          const label = n.name ? `${n.name} (${n.type})` : `${n.type} ${n.id}`;
          if (!reveal) return h("li", {}, [label]);
          const link = h("button", { type: "button", class: "nrs-reveal", "data-node": n.id }, [
            h("i", { class: "fa fa-crosshairs", "aria-hidden": "true" }),
            ` ${label}`,
          ]);
          link.addEventListener("click", () => {
            reveal(n.id);
          });
          return h("li", {}, [link]);
        }),
      ),
    );
  }
  if (f.severity !== "pass") {
    parts.push(h("h4", {}, [t("finding.why")]), h("p", { class: "nrs-why" }, inline(f.why)));
    if (f.fix.length) {
      parts.push(
        h("h4", {}, [t("finding.fix")]),
        h(
          "ol",
          { class: "nrs-fix" },
          f.fix.map((s) => h("li", {}, inline(s))),
        ),
      );
    }
    if (f.snippet !== undefined) {
      const pre = h("pre", { class: "nrs-snippet", "data-snippet": f.snippet }, [
        fillSnippet(f.snippet, options.snippets, t("hash.placeholder")),
      ]);
      const copy = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-copy" }, [
        h("i", { class: "fa fa-clipboard", "aria-hidden": "true" }),
        ` ${t("finding.copy")}`,
      ]);
      copy.addEventListener("click", () => {
        options.copy(pre.textContent, copy);
      });
      parts.push(h("h4", {}, [t("finding.snippet")]), h("div", { class: "nrs-snippet-wrap" }, [pre, copy]));
    }
  }
  parts.push(options.actions?.(f) ?? null);
  parts.push(
    h("a", { class: "nrs-docs", href: f.docs, target: "_blank", rel: "noopener noreferrer" }, [
      h("i", { class: "fa fa-external-link", "aria-hidden": "true" }),
      ` ${t("finding.docs")}`,
    ]),
  );
  return h("div", { class: "nrs-finding-body", id }, parts);
}

/** A finding's header; its body is built the first time it is opened, so long reports render fast. */
function renderFinding(f: Finding, options: RenderOptions): HTMLElement {
  const { t } = options;
  const bodyId = `nrs-body-${f.id}`;
  const header = h(
    "button",
    { type: "button", class: "nrs-finding-header", "aria-expanded": "false", "aria-controls": bodyId },
    [
      h("i", { class: "fa fa-caret-right nrs-caret", "aria-hidden": "true" }),
      h("span", { class: `nrs-badge nrs-sev-${f.severity}` }, [t(`severity.${f.severity}`)]),
      h("span", { class: "nrs-finding-title" }, [f.title]),
    ],
  );
  const container = h(
    "div",
    { class: `nrs-finding nrs-finding-${f.severity}`, "data-id": f.id, "data-severity": f.severity },
    [header],
  );
  let body: HTMLElement | undefined;
  header.addEventListener("click", () => {
    const open = header.getAttribute("aria-expanded") !== "true";
    header.setAttribute("aria-expanded", String(open));
    if (open && !body) {
      body = renderFindingBody(f, options, bodyId);
      container.append(body);
    }
    if (body) body.hidden = !open;
  });
  return container;
}

/** Failing findings grouped by area (in catalogue order), then all passes in one folded list. */
export function renderFindings(report: Report, options: RenderOptions): HTMLElement {
  const { t } = options;
  const failing = report.findings.filter((f) => f.severity !== "pass");
  const passes = report.findings.filter((f) => f.severity === "pass");
  const byArea = new Map<Area, Finding[]>();
  for (const f of failing) byArea.set(f.area, [...(byArea.get(f.area) ?? []), f]);
  const sections: Child[] = AREAS.filter((a) => byArea.has(a)).map((area) =>
    h("section", { class: "nrs-area", "data-area": area }, [
      h("h3", {}, [t(`area.${area}`)]),
      ...(byArea.get(area) ?? []).map((f) => renderFinding(f, options)),
    ]),
  );
  if (failing.length === 0) sections.unshift(h("p", { class: "nrs-all-clear" }, [t("findings.allClear")]));
  if (passes.length) {
    sections.push(
      h("details", { class: "nrs-passed" }, [
        h("summary", {}, [t("findings.passed", { count: passes.length })]),
        ...passes.map((f) => renderFinding(f, options)),
      ]),
    );
  }
  return h("div", { class: "nrs-findings" }, sections);
}

/** The area filter; the severity filters are the counts of the summary. */
export function renderFilterBar(report: Report, state: FilterState, t: Translate): HTMLElement | null {
  const present = AREAS.filter((a) => report.findings.some((f) => f.severity !== "pass" && f.area === a));
  if (present.length < 2) return null;
  const select = h("select", { class: "nrs-area-filter", "aria-label": t("filter.area") }, [
    h("option", { value: "" }, [t("filter.allAreas")]),
    ...present.map((a) => h("option", a === state.area ? { value: a, selected: "" } : { value: a }, [t(`area.${a}`)])),
  ]);
  return h("div", { class: "nrs-filters" }, [
    h("label", {}, [h("i", { class: "fa fa-filter", "aria-hidden": "true" }), " ", select]),
  ]);
}

/** "Since the last scan: 2 fixed, 1 new", with the titles. Null when nothing changed or on a first scan. */
export function renderChanges(changes: ScanChanges | undefined, t: Translate): HTMLElement | null {
  if (!changes || (changes.fixed.length === 0 && changes.added.length === 0)) return null;
  const list = (items: ScanChanges["fixed"], cls: string, icon: string): HTMLElement =>
    h(
      "ul",
      { class: cls },
      items.map((i) => h("li", {}, [h("i", { class: `fa ${icon}`, "aria-hidden": "true" }), ` ${i.title}`])),
    );
  const summary = [
    changes.fixed.length ? t("changes.fixed", { count: changes.fixed.length }) : "",
    changes.added.length ? t("changes.added", { count: changes.added.length }) : "",
  ]
    .filter(Boolean)
    .join(", ");
  return h("details", { class: "nrs-changes", open: "" }, [
    h("summary", {}, [`${t("changes.title")}: ${summary}`]),
    changes.fixed.length ? list(changes.fixed, "nrs-fixed", "fa-check") : null,
    changes.added.length ? list(changes.added, "nrs-added", "fa-exclamation") : null,
  ]);
}

/** Shows only the findings the filters select, and hides areas left empty. */
export function applyFilters(root: HTMLElement, state: FilterState): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(".nrs-findings .nrs-finding"))) {
    const severity = el.dataset.severity ?? "";
    const area = el.closest<HTMLElement>(".nrs-area")?.dataset.area;
    const bySeverity = state.severities.size === 0 || state.severities.has(severity);
    const byArea = state.area === "" || area === undefined || area === state.area;
    el.hidden = !(bySeverity && byArea);
  }
  for (const section of Array.from(root.querySelectorAll<HTMLElement>(".nrs-findings .nrs-area"))) {
    section.hidden = !section.querySelector(".nrs-finding:not([hidden])");
  }
  for (const button of Array.from(root.querySelectorAll<HTMLElement>(".nrs-count"))) {
    button.setAttribute("aria-pressed", String(state.severities.has(button.dataset.severity ?? "")));
  }
}

export function renderNotes(report: Report): HTMLElement | null {
  if (report.context.notes.length === 0) return null;
  return h(
    "ul",
    { class: "nrs-notes" },
    report.context.notes.map((n) => h("li", {}, [n])),
  );
}
