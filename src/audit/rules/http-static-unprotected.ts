// NRS-HTTP-003: httpStatic serves files with no httpStaticAuth.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-HTTP-003");

const rule: Rule = {
  id: "NRS-HTTP-003",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `httpStaticAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpStatic", "httpStaticAuth"],
  maxSeverity: "medium",
  evaluate(facts) {
    const stat = facts.httpStatic;
    if (stat.paths.length === 0) return "not-applicable";
    if (stat.auth.kind === "basic") return { pass: true };
    const open = stat.paths.filter((p) => !stat.guardedPaths.includes(p));
    if (open.length === 0) return { pass: true, details: [msg("eachStaticPathHasIts")] };
    return {
      severity: isReachable(facts) ? "medium" : "low",
      details: open.map((p) => msg("servedAt", { p })),
    };
  },
};

export default rule;
