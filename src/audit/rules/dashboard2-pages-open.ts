// NRS-DASH-002: FlowFuse Dashboard 2 serves its pages to anyone.
import { pageStates, pagesVerdict } from "../dashboard-doors";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-DASH-002");

export const DASHBOARD2_SNIPPET = `dashboard: require("node-red-contrib-security").dashboard({
    users: [{ username: "admin", password: "{{HASH}}" }]
}),`;

const rule: Rule = {
  id: "NRS-DASH-002",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: DASHBOARD2_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["dashboard", "ui", "httpNodeAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    const dashboard = doors?.dashboard2;
    if (!doors || !dashboard) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: msg("dashboard2IsSwitchedOff") };
    }
    if (dashboard.doors.length === 0) {
      if (doors.flowsRead) return "not-applicable";
      return {
        severity: "info",
        title: msg("dashboard2WasNotChecked"),
        details: [msg("itsPagesAreServedAt")],
      };
    }
    const states = pageStates(facts, doors, dashboard);
    const served = states.filter((s) => s.state !== "absent");
    if (served.length === 0) {
      return {
        pass: true,
        title: msg("dashboard2IsInstalledBut"),
        details: states.map((s) => s.detail),
      };
    }
    return pagesVerdict(facts, served, "Dashboard 2");
  },
};

export default rule;
