// NRS-VER-001: the Node.js that runs Node-RED is past (or near) its end of life.
import type { Rule } from "../rule";
import { dataAgeNote } from "../versions";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-VER-001");

/** Within this many days of end of life, a low finding says to plan the upgrade. */
export const EOL_WARNING_DAYS = 90;

const rule: Rule = {
  id: "NRS-VER-001",
  area: "versions",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: "https://nodered.org/docs/faq/node-versions",
  settingsKeys: ["userDir"],
  maxSeverity: "high",
  evaluate(facts) {
    const versions = facts.versions;
    const node = versions?.nodeJs;
    if (!versions || !node) return "not-applicable";
    const aside = dataAgeNote(versions);
    if (node.endOfLife === undefined || node.daysToEndOfLife === undefined) {
      return {
        pass: true,
        title: msg("nodeJsIsNewerThan", { version: node.version }),
        details: [msg("nodeJsIsNotListed", { major: String(node.major), dataUpdated: versions.dataUpdated }), ...aside],
      };
    }
    if (node.daysToEndOfLife < 0) {
      return {
        severity: "high",
        title: msg("nodeJsIsPastIts", { major: String(node.major) }),
        details: [msg("nodeJsEndOfLife", { version: node.version, endOfLife: node.endOfLife }), ...aside],
      };
    }
    const until = msg("nodeJsIsSupportedUntil", {
      version: node.version,
      endOfLife: node.endOfLife,
      daysToEndOfLife: String(node.daysToEndOfLife),
    });
    if (node.daysToEndOfLife <= EOL_WARNING_DAYS) {
      return {
        severity: "low",
        title: msg("nodeJsReachesItsEnd", { major: String(node.major), endOfLife: node.endOfLife }),
        details: [until, msg("planTheUpgradeToThe"), ...aside],
      };
    }
    return {
      pass: true,
      title: msg("majorSupportedUntil", { major: String(node.major), endOfLife: node.endOfLife }),
      details: [until, ...aside],
    };
  },
};

export default rule;
