// NRS-ADMIN-005: adminAuth gives anonymous visitors permissions.
import { DOCS, PASS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-ADMIN-005",
  area: "editor",
  title: "Anonymous visitors get editor permissions",
  passTitle: "Anonymous visitors get no editor permissions",
  why:
    'adminAuth.default gives every visitor who has not logged in these permissions. Full access ("*") ' +
    "means the login protects nothing; read access shows your flows, with their URLs, topics and " +
    "host names, to strangers.",
  fix: [
    "Remove the `default` entry from adminAuth in settings.js, or give it no permissions.",
    "Give named users the access they need instead, and restart Node-RED.",
  ],
  snippet: `adminAuth: {
    type: "credentials",
    users: [ /* your users */ ],
    // no "default": visitors must log in
},`,
  docs: DOCS.adminAuth,
  settingsKeys: ["adminAuth"],
  maxSeverity: "critical",
  evaluate(facts) {
    const auth = facts.adminAuth;
    if (auth.kind !== "credentials" && auth.kind !== "strategy") return "not-applicable";
    const perms = auth.defaultPermissions;
    if (perms === "function") {
      return {
        severity: "info",
        title: "Anonymous visitors' permissions are decided by custom code",
        details: ["adminAuth.default is a function: check that it returns no permissions for strangers."],
      };
    }
    if (perms.length === 0) return PASS;
    const details = [`adminAuth.default.permissions: ${JSON.stringify(perms.length === 1 ? perms[0] : perms)}`];
    if (perms.includes("*")) {
      return { severity: "critical", title: "Anonymous visitors have full editor access", details };
    }
    if (perms.every((p) => p === "read" || p.endsWith(".read"))) {
      return { severity: "medium", title: "Anonymous visitors can read the flows", details };
    }
    return { severity: "high", details };
  },
};

export default rule;
