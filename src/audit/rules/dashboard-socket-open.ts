// NRS-DASH-003: a dashboard's live connection (socket.io) lets clients in without a login.
import { socketStates, type DoorState } from "../dashboard-doors";
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { DASHBOARD1_SNIPPET } from "./dashboard-pages-open";
import { DASHBOARD2_SNIPPET } from "./dashboard2-pages-open";

const rule: Rule = {
  id: "NRS-DASH-003",
  area: "http",
  title: "A dashboard's live connection needs no login",
  passTitle: "Dashboards check who opens their live connection",
  why:
    "A dashboard sends its data and receives button presses over a socket.io connection beside its pages. " +
    "httpNodeAuth and page middleware do not guard that connection, so a script can read the values and " +
    "press the buttons even when the pages ask for a password.",
  fix: [
    'Make a bcrypt hash with the "Hash a password" box (or `npx node-red-contrib-security hash-pw`).',
    "Add the block below to settings.js with that hash and restart Node-RED: it checks the login on the pages and on the connection (ioMiddleware).",
    "If you keep your own middleware, add an ioMiddleware that refuses handshakes without a valid session (for node-red-dashboard it replaces the built-in cross-origin check: keep that check too).",
  ],
  snippet: DASHBOARD1_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["ui", "dashboard"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    if (!doors || (!doors.dashboard1 && !doors.dashboard2?.doors.length)) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: "Dashboards are switched off with the HTTP endpoints (httpNodeRoot: false)" };
    }
    const named = (name: string, states: readonly DoorState[]): (DoorState & { name: string })[] =>
      states.filter((s) => s.state !== "absent").map((s) => ({ ...s, name }));
    const d1 = doors.dashboard1 ? named("node-red-dashboard", socketStates(facts, doors, doors.dashboard1)) : [];
    const d2 = doors.dashboard2 ? named("Dashboard 2", socketStates(facts, doors, doors.dashboard2)) : [];
    const all = [...d1, ...d2];
    if (all.length === 0) return "not-applicable";
    const open = all.filter((s) => s.state === "open");
    if (open.length === 0) {
      const details = all.map((s) => `${s.name}: ${s.detail}`);
      // Our own dashboard() factory makes that check; it registers itself as a settings guard of socket.io.
      const ours = doors.guards.some((g) => g.source === "settings" && g.covers.includes("socket.io"));
      if (doors.dashboard1?.ioMiddleware && !ours) {
        details.push(
          "ui.ioMiddleware replaces node-red-dashboard's own cross-origin check: make sure yours refuses other web sites too.",
        );
      }
      return { pass: true, details };
    }
    const snippets = [
      ...(open.some((s) => d1.includes(s)) ? [DASHBOARD1_SNIPPET] : []),
      ...(open.some((s) => d2.includes(s)) ? [DASHBOARD2_SNIPPET] : []),
    ];
    return {
      severity: isReachable(facts) ? "high" : "low",
      snippet: snippets.join("\n"),
      details: open.map((s) => `${s.name}: ${s.detail}`),
    };
  },
};

export default rule;
