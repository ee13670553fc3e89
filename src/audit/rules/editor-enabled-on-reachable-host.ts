// NRS-EDITOR-001: the editor is on while the box is reachable from other machines.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-EDITOR-001",
  area: "hardening",
  title: "The flow editor is served to the network",
  passTitle: "The flow editor is off, or only this machine can reach it",
  why:
    "If this Node-RED only runs finished flows and a dashboard, its editor is one more door to guard. " +
    "disableEditor removes the editor pages while flows, dashboards and the admin API keep working.",
  fix: [
    "When you are done building flows, set disableEditor: true and restart Node-RED.",
    "Turn it back on (and restart) when you want to edit again.",
  ],
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
