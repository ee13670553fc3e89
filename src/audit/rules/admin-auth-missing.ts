// NRS-ADMIN-001: the editor and admin API answer without a login.
import { isReachable } from "../facts";
import { DOCS, PASS, type Rule } from "../rule";

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
  title: "The editor has no login",
  passTitle: "The editor requires a login",
  why:
    "Anyone who can open this Node-RED in a browser can change and deploy flows. A flow can run any " +
    "command on this machine, read its files and use every stored credential, so an open editor is " +
    "the whole machine handed over.",
  fix: [
    'Type a password into the "Hash a password" box (or run `npx node-red-contrib-security hash-pw`) to get a bcrypt hash.',
    "Add the adminAuth block below to settings.js, with that hash as the password.",
    "Restart Node-RED, then log in with the user name and the password you typed.",
  ],
  snippet: ADMIN_AUTH_SNIPPET,
  docs: DOCS.adminAuth,
  settingsKeys: ["adminAuth"],
  maxSeverity: "critical",
  evaluate(facts) {
    if (!facts.adminApiEnabled) {
      return { pass: true, title: "The editor and admin API are switched off (httpAdminRoot: false)" };
    }
    const auth = facts.adminAuth;
    if (auth.kind === "invalid") {
      return {
        severity: "medium",
        title: "The editor login is misconfigured: nobody can log in",
        details: [auth.reason],
      };
    }
    if (auth.kind !== "none") return PASS;
    const where = `Listening on ${facts.listen.host}:${String(facts.listen.port)}`;
    return isReachable(facts)
      ? { severity: "critical", details: [`${where}: reachable from other machines.`] }
      : {
          severity: "high",
          details: [`${where}: only this machine can connect, but any program or web page running here can.`],
        };
  },
};

export default rule;
