// NRS-VER-002: the Node-RED major in use no longer gets fixes.
import type { Rule } from "../rule";
import { dataAgeNote } from "../versions";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-VER-002");

const rule: Rule = {
  id: "NRS-VER-002",
  area: "versions",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: "https://nodered.org/docs/getting-started/local#upgrading-node-red",
  settingsKeys: ["userDir"],
  maxSeverity: "medium",
  evaluate(facts) {
    const versions = facts.versions;
    const red = versions?.nodeRed;
    if (!versions || !red) return "not-applicable";
    const aside = dataAgeNote(versions);
    if (red.endOfLife === undefined || red.daysToEndOfLife === undefined) {
      if (red.unknownMajor) {
        return {
          pass: true,
          title: msg("nodeRedIsNewerThan", { version: red.version }),
          details: [
            msg("nodeRedIsNotListed", { major: String(red.major), dataUpdated: versions.dataUpdated }),
            ...aside,
          ],
        };
      }
      return {
        severity: "medium",
        title: msg("nodeRedIsLongPast", { version: red.version }),
        details: [msg("nodeRedIsOlderThan", { version: red.version }), ...aside],
      };
    }
    if (red.daysToEndOfLife < 0) {
      return {
        severity: "medium",
        title: msg("nodeRedNoLongerGets", { major: String(red.major) }),
        details: [
          msg("nodeRedEndOfLife", { version: red.version, major: String(red.major), endOfLife: red.endOfLife }),
          ...aside,
        ],
      };
    }
    return {
      pass: true,
      title: msg("nodeRedIsSupportedUntil", { major: String(red.major), endOfLife: red.endOfLife }),
      details: [msg("versionSupportedUntil", { version: red.version, endOfLife: red.endOfLife }), ...aside],
    };
  },
};

export default rule;
