// NRS-HTTP-005: many devices log in with passwords over Basic; API keys would cost them no bcrypt.
import { DOCS, type Rule } from "../rule";

/** Distinct Basic users in an hour from which a users list counts as a fleet of devices. */
export const FLEET_USERS = 20;

function seconds(ms: number): string {
  return ms >= 10_000 ? `${String(Math.round(ms / 1000))} s` : `${(ms / 1000).toFixed(1)} s`;
}

const rule: Rule = {
  id: "NRS-HTTP-005",
  area: "http",
  title: "A fleet of devices logs in with passwords (Basic): give them API keys",
  passTitle: "No fleet of devices depends on password checks",
  why:
    "Every password check is a bcrypt, a deliberately slow hash (about a quarter of a second of one core at cost 12). " +
    "Verified passwords are remembered for a while, but after a restart every device needs a fresh bcrypt, so a " +
    "fleet arriving at once waits in line for seconds. An API key is a hash lookup: no bcrypt, no waiting, and it " +
    "can be revoked for one device without changing anyone's password.",
  fix: [
    "In the auth-users node, make an API key per device (API keys tab) and send it as `Authorization: Bearer <key>` " +
      "or `X-API-Key: <key>` instead of the user name and password (README: API keys for devices and scripts).",
    "For users listed in settings.js or a users file: npx node-red-contrib-security api-key <user> --name <device>.",
  ],
  docs: DOCS.httpNode,
  // Where the settings.js helpers that take API keys plug in; auth gates need no setting.
  settingsKeys: ["httpNodeMiddleware"],
  maxSeverity: "low",
  evaluate(facts) {
    const logins = facts.basicLogins;
    if (!logins) return "not-applicable";
    const fleets = logins.lists.filter((l) => l.users >= FLEET_USERS);
    if (fleets.length === 0) return { pass: true };
    const workers = Math.max(1, logins.workers);
    return {
      severity: "low",
      details: fleets.map((l) => {
        const restart = (l.users * logins.cost12Ms) / workers;
        return (
          `${l.list}: ${String(l.users)} users logged in with Basic in the last hour; ` +
          `${String(l.bcryptChecks)} bcrypt checks took ${seconds(l.bcryptMs)}. After a restart they need about ` +
          `${seconds(restart)} of bcrypt (${String(workers)} worker${workers === 1 ? "" : "s"}, ` +
          `${String(logins.cost12Ms)} ms per cost-12 check) before the last one is back in; with API keys, none.`
        );
      }),
    };
  },
};

export default rule;
