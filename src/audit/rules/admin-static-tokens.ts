// NRS-ADMIN-006: adminAuth.tokens holds static bearer tokens.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-ADMIN-006",
  area: "editor",
  title: "Static admin API tokens are written in settings.js",
  passTitle: "No static admin API tokens",
  why:
    "Tokens listed in adminAuth.tokens never expire and are not rate limited. Anyone who reads settings.js, " +
    "a backup or a script that uses one can call the admin API with its permissions until you remove it.",
  fix: [
    "Prefer a tokens() function that checks tokens against a store you can revoke from.",
    "If you keep static tokens, make them long and random, give them the narrowest permissions (scope), and rotate them.",
  ],
  docs: DOCS.adminAuth,
  settingsKeys: ["adminAuth"],
  maxSeverity: "low",
  evaluate(facts) {
    const auth = facts.adminAuth;
    if (auth.kind !== "credentials" && auth.kind !== "strategy") return "not-applicable";
    if (auth.tokens.kind !== "static") return { pass: true };
    return {
      severity: "low",
      details: [`${String(auth.tokens.count)} static token(s) in adminAuth.tokens`],
    };
  },
};

export default rule;
