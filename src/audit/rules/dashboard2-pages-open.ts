// NRS-DASH-002: FlowFuse Dashboard 2 serves its pages to anyone.
import { pageStates, pagesVerdict } from "../dashboard-doors";
import { DOCS, type Rule } from "../rule";

export const DASHBOARD2_SNIPPET = `dashboard: require("node-red-contrib-security").dashboard({
    users: [{ username: "admin", password: "{{HASH}}" }]
}),`;

const rule: Rule = {
  id: "NRS-DASH-002",
  area: "http",
  title: "Dashboard 2 has no login",
  passTitle: "Dashboard 2 requires a login",
  why:
    "Anyone who can reach this Node-RED can open Dashboard 2, see everything it shows and use every " +
    "control on it. If a button runs the heating or opens a door, so can they.",
  fix: [
    'Make a bcrypt hash with the "Hash a password" box (or `npx node-red-contrib-security hash-pw`).',
    "Add the dashboard line below to settings.js with that hash, and restart Node-RED: it guards the pages and their live connection.",
    'Or, without editing settings.js: add an auth gate node, tick "protect everything under this path" and set the path to your dashboard\'s path (/dashboard unless you changed it in the ui-base node), then deploy.',
  ],
  snippet: DASHBOARD2_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["dashboard", "ui", "httpNodeAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    const dashboard = doors?.dashboard2;
    if (!doors || !dashboard) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: "Dashboard 2 is switched off with the HTTP endpoints (httpNodeRoot: false)" };
    }
    if (dashboard.doors.length === 0) {
      if (doors.flowsRead) return "not-applicable";
      return {
        severity: "info",
        title: "Dashboard 2 was not checked: the flows could not be read",
        details: ["Its pages are served at the path of each ui-base node in the flows."],
      };
    }
    const states = pageStates(facts, doors, dashboard);
    const served = states.filter((s) => s.state !== "absent");
    if (served.length === 0) {
      return {
        pass: true,
        title: "Dashboard 2 is installed but serves no pages here",
        details: states.map((s) => s.detail),
      };
    }
    return pagesVerdict(facts, served, "Dashboard 2");
  },
};

export default rule;
