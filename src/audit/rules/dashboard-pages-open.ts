// NRS-DASH-001: node-red-dashboard (1.x–3.x) serves its pages to anyone.
import { pageStates, pagesVerdict } from "../dashboard-doors";
import { DOCS, type Rule } from "../rule";

export const DASHBOARD1_SNIPPET = `ui: {
    path: "ui",
    ...require("node-red-contrib-security").dashboard({
        users: [{ username: "admin", password: "{{HASH}}" }]
    })
},`;

const rule: Rule = {
  id: "NRS-DASH-001",
  area: "http",
  title: "The dashboard (node-red-dashboard) has no login",
  passTitle: "The dashboard (node-red-dashboard) requires a login",
  why:
    "Anyone who can reach this Node-RED can open the dashboard, see everything it shows and press every " +
    "button and switch on it. If a switch runs the heating or opens a door, so can they.",
  fix: [
    'Make a bcrypt hash with the "Hash a password" box (or `npx node-red-contrib-security hash-pw`).',
    'Add the ui block below to settings.js with that hash (keep your own path if it is not "ui"), and restart Node-RED: it guards the pages and their live connection.',
    'Or, without editing settings.js: add an auth gate node, tick "protect everything under this path" and set the path to /ui (the node\'s dialog has a button for the dashboard path), then deploy.',
  ],
  snippet: DASHBOARD1_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["ui", "httpNodeAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    const dashboard = doors?.dashboard1;
    if (!doors || !dashboard) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: "The dashboard is switched off with the HTTP endpoints (httpNodeRoot: false)" };
    }
    const states = pageStates(facts, doors, dashboard);
    const served = states.filter((s) => s.state !== "absent");
    if (served.length === 0) {
      return {
        pass: true,
        title: "node-red-dashboard is installed but serves no pages here",
        details: states.map((s) => s.detail),
      };
    }
    return pagesVerdict(facts, served, "The dashboard (node-red-dashboard)");
  },
};

export default rule;
