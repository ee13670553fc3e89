// NRS-HTTP-004: httpNodeCors lets any web site call the endpoints.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-HTTP-004");

const rule: Rule = {
  id: "NRS-HTTP-004",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
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
        details: [origin === "*" ? msg("httpnodecorsOriginIs") : msg("httpnodecorsOriginIsTrueEvery")],
      };
    }
    return { pass: true, details: [msg("allowedOrigin", { origin })] };
  },
};

export default rule;
