// NRS-NET-001: uiHost listens on every network interface.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-NET-001");

const rule: Rule = {
  id: "NRS-NET-001",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: `uiHost: "127.0.0.1",`,
  docs: DOCS.configuration,
  settingsKeys: ["uiHost"],
  maxSeverity: "medium",
  evaluate(facts) {
    const where = `${facts.listen.host}:${String(facts.listen.port)}`;
    const details = [msg("listeningOn", { where })];
    if (facts.listen.scope === "all-interfaces") return { severity: "medium", details };
    if (facts.listen.scope === "loopback") {
      return { pass: true, title: msg("nodeRedOnlyListensOn"), details };
    }
    return { pass: true, details };
  },
};

export default rule;
