// NRS-HTTP-004: httpNodeCors lets any web site call the endpoints.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-HTTP-004",
  area: "http",
  title: "Any web site may call your HTTP endpoints (CORS)",
  passTitle: "CORS does not allow every origin",
  why:
    'httpNodeCors with origin "*" (or true) lets scripts on any web page read the answers of your endpoints. ' +
    "A page you visit could then read data from Node-RED on your network through your own browser.",
  fix: [
    "Set origin to the exact site(s) that need to call Node-RED, or remove httpNodeCors if none do.",
    "Restart Node-RED.",
  ],
  snippet: `httpNodeCors: {
    origin: "https://my-app.example.com",
    methods: "GET,PUT,POST,DELETE"
},`,
  docs: DOCS.configuration,
  settingsKeys: ["httpNodeCors"],
  maxSeverity: "medium",
  evaluate(facts) {
    const origin = facts.httpNode.corsOrigin;
    if (origin === undefined) return "not-applicable";
    if (origin === "*" || origin === "reflect") {
      return {
        severity: "medium",
        details: [
          origin === "*" ? 'httpNodeCors.origin is "*"' : "httpNodeCors.origin is true: every origin is echoed back",
        ],
      };
    }
    return { pass: true, details: [`Allowed origin(s): ${origin}`] };
  },
};

export default rule;
