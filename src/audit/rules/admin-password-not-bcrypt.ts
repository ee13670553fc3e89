// NRS-ADMIN-002: an adminAuth user's password is not a bcrypt hash.
import { DOCS, PASS, type Rule } from "../rule";
import { adminUsers, describeHashKind } from "./common";

const rule: Rule = {
  id: "NRS-ADMIN-002",
  area: "editor",
  title: "An editor password is not a bcrypt hash",
  passTitle: "Editor passwords are stored as bcrypt hashes",
  why:
    "Node-RED only accepts bcrypt hashes in adminAuth, so this user cannot log in. Worse, a plain password " +
    "or an MD5 hash in settings.js can be read, or cracked in seconds, by anyone who sees the file or a backup of it.",
  fix: [
    'Make a bcrypt hash of a new password with the "Hash a password" box or `npx node-red-contrib-security hash-pw`.',
    "Replace the user's password in settings.js with that hash, and restart Node-RED.",
  ],
  snippet: `password: "{{HASH}}",`,
  docs: DOCS.hashPw,
  settingsKeys: ["adminAuth"],
  maxSeverity: "high",
  evaluate(facts) {
    const users = adminUsers(facts);
    if (users === undefined) return "not-applicable";
    const bad = users.filter((u) => u.password.kind !== "bcrypt");
    if (bad.length === 0) return PASS;
    return {
      severity: "high",
      details: bad.map((u) => `${u.username}: ${describeHashKind(u.password.kind)}`),
    };
  },
};

export default rule;
