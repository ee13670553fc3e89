// NRS-FLOW-001: `http in` endpoints that answer anyone.
import { isReachable } from "../facts";
import { capped, endpointGuard, nodeName, openEndpoints, uniqueNodes } from "../flows/exposure";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-FLOW-001",
  area: "flows",
  title: "HTTP endpoints in the flows answer without a login",
  passTitle: "Every HTTP endpoint in the flows is behind a login",
  why:
    "These `http in` endpoints run their flow for anyone who can reach this Node-RED: no httpNodeAuth, no " +
    "httpNodeMiddleware and no auth gate stands in front of them. Whatever the flow does — switch a relay, " +
    "return data, write a file — a stranger can make it do.",
  fix: [
    "Put an auth gate node straight after each `http in` listed below and pick an auth users node for it; wire the gate's output to the rest of the flow.",
    'Or add one auth gate with "protect everything under this path" ticked and the endpoints\' common path (e.g. /api).',
    "Or protect every endpoint at once with httpNodeAuth (a user and a bcrypt hash) in settings.js, and restart Node-RED.",
  ],
  snippet: `httpNodeAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpNodeAuth", "httpNodeMiddleware"],
  maxSeverity: "medium",
  evaluate(facts) {
    const endpoints = facts.flows?.httpEndpoints ?? [];
    if (endpoints.length === 0 || !facts.httpNode.enabled) return "not-applicable";
    const open = openEndpoints(facts);
    if (open.length === 0) {
      return {
        pass: true,
        details: capped(endpoints.map((e) => `${e.method} ${e.url}: behind ${endpointGuard(facts, e) ?? "a login"}`)),
      };
    }
    const reachable = isReachable(facts);
    return {
      severity: reachable ? "medium" : "low",
      title: `${String(open.length)} HTTP endpoint${open.length === 1 ? "" : "s"} in the flows answer${open.length === 1 ? "s" : ""} without a login`,
      details: [
        ...capped(open.map((e) => `${e.method} ${e.url} (http in ${nodeName(e.node)})`)),
        ...(reachable
          ? []
          : ["Only this machine can connect, so this matters if a local proxy forwards outside traffic."]),
      ],
      nodes: uniqueNodes(open.map((e) => e.node)),
    };
  },
};

export default rule;
