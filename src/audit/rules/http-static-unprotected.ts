// NRS-HTTP-003: httpStatic serves files with no httpStaticAuth.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-HTTP-003",
  area: "http",
  title: "Static files are served without a login",
  passTitle: "Static files are protected, or none are served",
  why:
    "httpStatic publishes a folder of this machine to anyone who can reach Node-RED. httpNodeAuth does not " +
    "cover it; if the folder holds anything private (pictures, exports, logs), strangers can download it.",
  fix: [
    "Move anything private out of the static folder.",
    "If the files are not meant for everyone, add httpStaticAuth with a bcrypt hash and restart Node-RED.",
  ],
  snippet: `httpStaticAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpStatic", "httpStaticAuth"],
  maxSeverity: "medium",
  evaluate(facts) {
    const stat = facts.httpStatic;
    if (stat.paths.length === 0) return "not-applicable";
    if (stat.auth.kind === "basic") return { pass: true };
    const open = stat.paths.filter((p) => !stat.guardedPaths.includes(p));
    if (open.length === 0) return { pass: true, details: ["Each static path has its own middleware."] };
    return {
      severity: isReachable(facts) ? "medium" : "low",
      details: open.map((p) => `Served at ${p}`),
    };
  },
};

export default rule;
