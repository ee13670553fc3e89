// NRS-NET-002: the default port 1880 on a reachable interface.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-NET-002",
  area: "exposure",
  title: "Node-RED uses the default port 1880",
  passTitle: "Node-RED does not use the default port on a reachable interface",
  why:
    "Internet-wide scanners look for Node-RED on port 1880 and list what they find. Another port is no " +
    "protection by itself, but it keeps you out of the easiest lists while you fix the rest.",
  fix: ["Set uiPort to another port (above 1024) and restart Node-RED.", "Update bookmarks and any port forwarding."],
  snippet: `uiPort: 18443,`,
  docs: DOCS.configuration,
  settingsKeys: ["uiPort"],
  maxSeverity: "low",
  evaluate(facts) {
    if (facts.listen.port !== 1880 || !isReachable(facts)) return { pass: true };
    return { severity: "low" };
  },
};

export default rule;
