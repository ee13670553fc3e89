// NRS-HTTP-001: http-in endpoints and dashboards are open to anyone.
import { pageStates } from "../dashboard-doors";
import { type Facts, isReachable } from "../facts";
import { endpointGuard, openEndpoints } from "../flows/exposure";
import { DOCS, type Rule, type Verdict } from "../rule";
import { type Text, messages } from "../../i18n/messages";
import { describeGuard, doorUrl, guardFor } from "./common";

const msg = messages("NRS-HTTP-001");

/**
 * Without httpNodeAuth, what the package's guards close: every `http in` endpoint and dashboard page this
 * instance is known to serve. A pass when none of them is open; undefined when nothing says so (the
 * flows could not be read, or nothing is behind a gate).
 */
function closedByGuards(facts: Facts): Verdict | undefined {
  const flows = facts.flows;
  const doors = facts.doors;
  if (!flows || !doors) return undefined;
  const everything = guardFor(doors, "/", "http");
  const lines: Text[] = [];
  let open = 0;
  for (const endpoint of flows.httpEndpoints) {
    const guard = endpointGuard(facts, endpoint);
    if (guard === undefined) open += 1;
    else lines.push(msg("endpointBehind", { method: endpoint.method, url: endpoint.url, guard }));
  }
  for (const dashboard of [doors.dashboard1, doors.dashboard2]) {
    if (!dashboard) continue;
    for (const state of pageStates(facts, doors, dashboard)) {
      if (state.state === "open") open += 1;
      else if (state.state === "closed") lines.push(state.detail);
    }
  }
  if (open > 0 || openEndpoints(facts).length > 0) return undefined;
  if (everything) {
    return {
      pass: true,
      title: msg("everythingBehind", { url: doorUrl(doors, "/"), guard: describeGuard(everything) }),
      details: lines,
    };
  }
  if (lines.length === 0) return undefined;
  return {
    pass: true,
    title: msg("everyDoorBehindLogin"),
    details: [...lines, msg("otherPackagesPages")],
  };
}

const rule: Rule = {
  id: "NRS-HTTP-001",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: `httpNodeAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpNodeAuth", "httpNodeMiddleware"],
  maxSeverity: "medium",
  evaluate(facts) {
    const node = facts.httpNode;
    if (!node.enabled) return { pass: true, title: msg("httpEndpointsAreSwitchedOff") };
    if (node.auth.kind === "basic" || node.auth.kind === "middleware") return { pass: true };
    if (node.middleware) {
      return {
        pass: true,
        title: msg("httpEndpointsPassThroughHttpnodemiddleware"),
        details: [msg("checkThatTheMiddlewareRefuses")],
      };
    }
    // Auth gates and the package's settings.js helpers may close every door there is, one by one.
    const closed = closedByGuards(facts);
    if (closed) return closed;
    return { severity: isReachable(facts) ? "medium" : "low" };
  },
};

export default rule;
