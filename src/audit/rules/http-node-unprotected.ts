// NRS-HTTP-001: http-in endpoints and dashboards are open to anyone.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

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
    return { severity: isReachable(facts) ? "medium" : "low" };
  },
};

export default rule;
