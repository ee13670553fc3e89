// NRS-LIVE-001: what a stranger really reached when the live check knocked on every door.
import { isReachable, type LiveCheckKind, type LiveCheckResult } from "../facts";
import { DOCS, type Rule } from "../rule";
import type { FailSeverity, FlowNodeRef } from "../types";

/** How bad an open door of each kind is on an instance others can reach. */
const SEVERITY: Record<LiveCheckKind, FailSeverity> = {
  "admin-api": "critical",
  dashboard: "high",
  "http-in": "medium",
  websocket: "medium",
  static: "low",
  editor: "info",
};
const ORDER: readonly FailSeverity[] = ["critical", "high", "medium", "low", "info"];

function describe(result: LiveCheckResult): string {
  const answer = result.method === "UPGRADE" ? "opened a websocket" : `answered ${String(result.status ?? "")}`;
  return `${result.label}: ${answer} without a login`;
}

const rule: Rule = {
  id: "NRS-LIVE-001",
  area: "exposure",
  title: "A stranger reached parts of this Node-RED without logging in",
  passTitle: "A stranger reached nothing without logging in",
  why:
    "The live check asked this Node-RED for its admin API, endpoints, dashboards and websockets the way a stranger " +
    "would: with no password. What answered is what anyone who can reach the port can use, whatever settings.js " +
    "seems to say.",
  fix: [
    "Open each finding above for the door concerned: editor login (adminAuth), auth gate nodes or the settings.js helpers for endpoints, dashboards and websockets.",
    'Press "Check what a stranger can reach" again to confirm each door now refuses.',
  ],
  docs: DOCS.securing,
  settingsKeys: ["adminAuth", "httpNodeAuth", "httpNodeMiddleware"],
  maxSeverity: "critical",
  evaluate(facts) {
    const check = facts.liveCheck;
    if (!check) return "not-applicable";
    const asked = check.results.filter((r) => r.state !== "skipped");
    const open = check.results.filter((r) => r.state === "open" && SEVERITY[r.kind] !== "info");
    const notAsked = check.results.filter((r) => r.state === "skipped" || r.state === "unknown");
    const aside = notAsked.map((r) => `${r.label}: ${r.note ?? "no clear answer"}`);
    if (open.length === 0) {
      const closed = asked.filter((r) => r.state === "closed").length;
      return {
        pass: true,
        title: `A stranger reached nothing without logging in (${String(closed)} of ${String(asked.length)} asked refused)`,
        details: aside,
      };
    }
    const worst = ORDER.find((s) => open.some((r) => SEVERITY[r.kind] === s)) ?? "low";
    const nodes: FlowNodeRef[] = open.flatMap((r) => (r.node ? [r.node] : []));
    return {
      // Asked over loopback: on an instance only this machine can reach, a stranger is not next door.
      severity: isReachable(facts) ? worst : "low",
      title: `A stranger reached ${String(open.length)} door${open.length === 1 ? "" : "s"} without logging in`,
      details: [...open.map(describe), ...aside],
      ...(nodes.length ? { nodes } : {}),
    };
  },
};

export default rule;
