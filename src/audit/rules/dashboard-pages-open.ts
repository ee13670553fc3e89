// NRS-DASH-001: node-red-dashboard (1.x–3.x) serves its pages to anyone.
import { pageStates, pagesVerdict } from "../dashboard-doors";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-DASH-001");

export const DASHBOARD1_SNIPPET = `ui: {
    path: "ui",
    ...require("node-red-contrib-security").dashboard({
        users: [{ username: "admin", password: "{{HASH}}" }]
    })
},`;

const rule: Rule = {
  id: "NRS-DASH-001",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: DASHBOARD1_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["ui", "httpNodeAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    const dashboard = doors?.dashboard1;
    if (!doors || !dashboard) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: msg("theDashboardIsSwitchedOff") };
    }
    const states = pageStates(facts, doors, dashboard);
    const served = states.filter((s) => s.state !== "absent");
    if (served.length === 0) {
      return {
        pass: true,
        title: msg("nodeRedDashboardIsInstalled"),
        details: states.map((s) => s.detail),
      };
    }
    return pagesVerdict(facts, served, msg("theDashboardNodeRedDashboard"));
  },
};

export default rule;
