// NRS-FLOW-001: `http in` endpoints that answer anyone.
import { isReachable } from "../facts";
import { capped, endpointGuard, nodeName, openEndpoints, uniqueNodes } from "../flows/exposure";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-001");

const rule: Rule = {
  id: "NRS-FLOW-001",
  area: "flows",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
        details: capped(
          endpoints.map((e) =>
            msg("behind", { method: e.method, url: e.url, guard: endpointGuard(facts, e) ?? msg("aLogin") }),
          ),
        ),
      };
    }
    const reachable = isReachable(facts);
    return {
      severity: reachable ? "medium" : "low",
      title: msg(open.length === 1 ? "oneEndpointOpen" : "endpointsOpen", { count: String(open.length) }),
      details: [
        ...capped(open.map((e) => msg("httpIn", { method: e.method, url: e.url, nodeName: nodeName(e.node) }))),
        ...(reachable ? [] : [msg("onlyThisMachineCanConnect")]),
      ],
      nodes: uniqueNodes(open.map((e) => e.node)),
    };
  },
};

export default rule;
