// Puts the Security tab into the editor: the sidebar tab and its action, a grade badge in the header,
// a scan after each deploy, and the tab opened by itself once after the package is installed.
import type { Report } from "../audit/types";
import { translator, type Translate } from "./i18n";
import { h, injectStyles } from "./render";
import { SecuritySidebar } from "./sidebar";
import { SECURITY_PERMISSION } from "../shared/permission";
import badgeStyles from "./header-badge.css";
import styles from "./styles.css";

const TAB_ID = "security";
/** Remembers (in this browser and in the user's editor settings) that the tab opened by itself once. */
const SHOWN_KEY = "node-red-contrib-security.tabShown";
const SHOWN_SETTING = "nodeRedContribSecurityTabShown";

/**
 * A small shield with the grade in the editor's header: always in sight, and a click opens the tab.
 * Undefined when the editor has no header toolbar (an embedded or very old editor).
 */
function addHeaderBadge(t: Translate, open: () => void): ((report: Report) => void) | undefined {
  const toolbar = document.querySelector("#red-ui-header .red-ui-header-toolbar");
  if (!toolbar || document.getElementById("nrs-header-badge")) return undefined;
  injectStyles("nrs-header-badge-styles", badgeStyles);
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

/**
 * Adds the Security tab once; later calls (a re-installed package) return the same tab. A user without
 * the permission its routes need (a read-only editor user) gets no tab, badge or scan.
 */
export function addSecuritySidebar(RED: RedEditor): SecuritySidebar | undefined {
  if (mounted) return mounted;
  if (RED.user?.hasPermission?.(SECURITY_PERMISSION) === false) return undefined;
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
