// NRS-EDITOR-001: the editor is on while the box is reachable from other machines.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-EDITOR-001");

const rule: Rule = {
  id: "NRS-EDITOR-001",
  area: "hardening",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `disableEditor: true,`,
  docs: DOCS.configuration,
  settingsKeys: ["disableEditor"],
  maxSeverity: "low",
  evaluate(facts) {
    if (facts.disableEditor || !isReachable(facts)) return { pass: true };
    return { severity: "low" };
  },
};

export default rule;
