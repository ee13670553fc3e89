// NRS-DASH-003: a dashboard's live connection (socket.io) lets clients in without a login.
import { socketStates, type DoorState } from "../dashboard-doors";
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { DASHBOARD1_SNIPPET } from "./dashboard-pages-open";
import { DASHBOARD2_SNIPPET } from "./dashboard2-pages-open";
import { messages } from "../../i18n/messages";
import { labelled } from "./common";

const msg = messages("NRS-DASH-003");

const rule: Rule = {
  id: "NRS-DASH-003",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: DASHBOARD1_SNIPPET,
  docs: DOCS.httpNode,
  settingsKeys: ["ui", "dashboard"],
  maxSeverity: "high",
  evaluate(facts) {
    const doors = facts.doors;
    if (!doors || (!doors.dashboard1 && !doors.dashboard2?.doors.length)) return "not-applicable";
    if (!facts.httpNode.enabled) {
      return { pass: true, title: msg("dashboardsAreSwitchedOffWith") };
    }
    const named = (name: string, states: readonly DoorState[]): (DoorState & { name: string })[] =>
      states.filter((s) => s.state !== "absent").map((s) => ({ ...s, name }));
    const d1 = doors.dashboard1 ? named("node-red-dashboard", socketStates(facts, doors, doors.dashboard1)) : [];
    const d2 = doors.dashboard2 ? named("Dashboard 2", socketStates(facts, doors, doors.dashboard2)) : [];
    const all = [...d1, ...d2];
    if (all.length === 0) return "not-applicable";
    const open = all.filter((s) => s.state === "open");
    if (open.length === 0) {
      const details = all.map((s) => labelled(s.name, s.detail));
      // Our own dashboard() factory makes that check; it registers itself as a settings guard of socket.io.
      const ours = doors.guards.some((g) => g.source === "settings" && g.covers.includes("socket.io"));
      if (doors.dashboard1?.ioMiddleware && !ours) {
        details.push(msg("uiIomiddlewareReplacesNodeRed"));
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
      details: open.map((s) => labelled(s.name, s.detail)),
    };
  },
};

export default rule;
