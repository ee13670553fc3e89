// NRS-HTTP-001: http-in endpoints and dashboards are open to anyone.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../messages";

const msg = messages("NRS-HTTP-001");

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
    return { severity: isReachable(facts) ? "medium" : "low" };
  },
};

export default rule;
