// NRS-ADMIN-001: the editor and admin API answer without a login.
import { isReachable } from "../facts";
import { DOCS, PASS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-ADMIN-001");

export const ADMIN_AUTH_SNIPPET = `adminAuth: {
    type: "credentials",
    users: [{
        username: "admin",
        password: "{{HASH}}",
        permissions: "*"
    }]
},`;

const rule: Rule = {
  id: "NRS-ADMIN-001",
  area: "editor",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: ADMIN_AUTH_SNIPPET,
  docs: DOCS.adminAuth,
  settingsKeys: ["adminAuth"],
  maxSeverity: "critical",
  evaluate(facts) {
    if (!facts.adminApiEnabled) {
      return { pass: true, title: msg("theEditorAndAdminApi") };
    }
    const auth = facts.adminAuth;
    if (auth.kind === "invalid") {
      return {
        severity: "medium",
        title: msg("theEditorLoginIsMisconfigured"),
        details: [auth.reason],
      };
    }
    if (auth.kind !== "none") return PASS;
    const where = msg("listeningOn", { host: facts.listen.host, port: String(facts.listen.port) });
    return isReachable(facts)
      ? { severity: "critical", details: [msg("reachableFromOtherMachines", { where })] }
      : {
          severity: "high",
          details: [msg("onlyThisMachineCanConnect", { where })],
        };
  },
};

export default rule;
