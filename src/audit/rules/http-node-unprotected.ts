// NRS-HTTP-001: http-in endpoints and dashboards are open to anyone.
import { pageStates } from "../dashboard-doors";
import { type Facts, isReachable } from "../facts";
import { endpointGuard, openEndpoints } from "../flows/exposure";
import { DOCS, type Rule, type Verdict } from "../rule";
import { describeGuard, doorUrl, guardFor } from "./common";

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
  const lines: string[] = [];
  let open = 0;
  for (const endpoint of flows.httpEndpoints) {
    const guard = endpointGuard(facts, endpoint);
    if (guard === undefined) open += 1;
    else lines.push(`${endpoint.method} ${endpoint.url}: behind ${guard}`);
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
      title: `Everything under ${doorUrl(doors, "/")} is behind ${describeGuard(everything)}`,
      details: lines,
    };
  }
  if (lines.length === 0) return undefined;
  return {
    pass: true,
    title: "Every HTTP endpoint and dashboard in the flows is behind a login",
    details: [
      ...lines,
      "Pages that other packages add under httpNodeRoot (uibuilder…) are covered only where a gate protects their path.",
    ],
  };
}

const rule: Rule = {
  id: "NRS-HTTP-001",
  area: "http",
  title: "HTTP endpoints and dashboards have no login",
  passTitle: "HTTP endpoints are behind a login or middleware",
  why:
    "Neither httpNodeAuth nor httpNodeMiddleware is set, so every `http in` endpoint and every page served " +
    "under httpNodeRoot (node-red-dashboard, uibuilder…) answers anyone who can reach this machine. If a flow " +
    "switches the heating or opens a door, so can they.",
  fix: [
    'Make a bcrypt hash with the "Hash a password" box.',
    "Add httpNodeAuth with a user name and that hash to settings.js, and restart Node-RED.",
    'Or protect chosen endpoints with an auth gate node after `http in` (login page, sessions, lockout), or tick its "protect everything under this path" box for dashboards.',
  ],
  snippet: `httpNodeAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpNodeAuth", "httpNodeMiddleware"],
  maxSeverity: "medium",
  evaluate(facts) {
    const node = facts.httpNode;
    if (!node.enabled) return { pass: true, title: "HTTP endpoints are switched off (httpNodeRoot: false)" };
    if (node.auth.kind === "basic" || node.auth.kind === "middleware") return { pass: true };
    if (node.middleware) {
      return {
        pass: true,
        title: "HTTP endpoints pass through httpNodeMiddleware",
        details: ["Check that the middleware refuses strangers; it does not cover dashboards or static files."],
      };
    }
    // Auth gates and the package's settings.js helpers may close every door there is, one by one.
    const closed = closedByGuards(facts);
    if (closed) return closed;
    return { severity: isReachable(facts) ? "medium" : "low" };
  },
};

export default rule;
