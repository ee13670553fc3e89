// NRS-HTTP-005: many devices log in with passwords over Basic; API keys would cost them no bcrypt.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-HTTP-005");

/** Distinct Basic users in an hour from which a users list counts as a fleet of devices. */
export const FLEET_USERS = 20;

/** "12 s", "1.5 s": a duration, written the same in every language. */
function seconds(ms: number): string {
  return ms >= 10_000 ? `${String(Math.round(ms / 1000))} s` : `${(ms / 1000).toFixed(1)} s`;
}

const rule: Rule = {
  id: "NRS-HTTP-005",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
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
        return msg(workers === 1 ? "fleetOneWorker" : "fleet", {
          list: l.list,
          users: l.users,
          checks: l.bcryptChecks,
          took: seconds(l.bcryptMs),
          restart: seconds(restart),
          workers,
          ms: logins.cost12Ms,
        });
      }),
    };
  },
};

export default rule;
