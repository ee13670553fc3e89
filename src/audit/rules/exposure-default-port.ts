// NRS-NET-002: the default port 1880 on a reachable interface.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-NET-002");

const rule: Rule = {
  id: "NRS-NET-002",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `uiPort: 18443,`,
  docs: DOCS.configuration,
  settingsKeys: ["uiPort"],
  maxSeverity: "low",
  evaluate(facts) {
    if (facts.listen.port !== 1880 || !isReachable(facts)) return { pass: true };
    return { severity: "low" };
  },
};

export default rule;
