// NRS-LIVE-001: what a stranger really reached when the live check knocked on every door.
import { isReachable, type LiveCheckKind, type LiveCheckResult } from "../facts";
import { DOCS, type Rule } from "../rule";
import type { FailSeverity, FlowNodeRef } from "../types";
import { messages, type Text } from "../../i18n/messages";
import { labelled } from "./common";

const msg = messages("NRS-LIVE-001");

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

function describe(result: LiveCheckResult): Text {
  const answer =
    result.method === "UPGRADE" ? msg("openedWebsocket") : msg("answered", { status: String(result.status ?? "") });
  return msg("withoutLogin", { label: result.label, answer });
}

const rule: Rule = {
  id: "NRS-LIVE-001",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: DOCS.securing,
  settingsKeys: ["adminAuth", "httpNodeAuth", "httpNodeMiddleware"],
  maxSeverity: "critical",
  evaluate(facts) {
    const check = facts.liveCheck;
    if (!check) return "not-applicable";
    const asked = check.results.filter((r) => r.state !== "skipped");
    const open = check.results.filter((r) => r.state === "open" && SEVERITY[r.kind] !== "info");
    const notAsked = check.results.filter((r) => r.state === "skipped" || r.state === "unknown");
    const aside = notAsked.map((r) => labelled(r.label, r.note ?? msg("noClearAnswer")));
    if (open.length === 0) {
      const closed = asked.filter((r) => r.state === "closed").length;
      return {
        pass: true,
        title: msg("strangerReachedNothingWithoutLogging", { closed: String(closed), length: String(asked.length) }),
        details: aside,
      };
    }
    const worst = ORDER.find((s) => open.some((r) => SEVERITY[r.kind] === s)) ?? "low";
    const nodes: FlowNodeRef[] = open.flatMap((r) => (r.node ? [r.node] : []));
    return {
      // Asked over loopback: on an instance only this machine can reach, a stranger is not next door.
      severity: isReachable(facts) ? worst : "low",
      title: msg(open.length === 1 ? "strangerReachedOneDoor" : "strangerReachedDoors", { count: String(open.length) }),
      details: [...open.map(describe), ...aside],
      ...(nodes.length ? { nodes } : {}),
    };
  },
};

export default rule;
