// NRS-ADMIN-005: adminAuth gives anonymous visitors permissions.
import { DOCS, PASS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-005");

const rule: Rule = {
  id: "NRS-ADMIN-005",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
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
        title: msg("anonymousVisitorsPermissionsAreDecided"),
        details: [msg("adminauthDefaultIsFunctionCheck")],
      };
    }
    if (perms.length === 0) return PASS;
    const details = [
      msg("adminauthDefaultPermissions", { permissions: JSON.stringify(perms.length === 1 ? perms[0] : perms) }),
    ];
    if (perms.includes("*")) {
      return { severity: "critical", title: msg("anonymousVisitorsHaveFullEditor"), details };
    }
    if (perms.every((p) => p === "read" || p.endsWith(".read"))) {
      return { severity: "medium", title: msg("anonymousVisitorsCanReadThe"), details };
    }
    return { severity: "high", details };
  },
};

export default rule;
