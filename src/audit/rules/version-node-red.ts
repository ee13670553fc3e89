// NRS-VER-002: the Node-RED major in use no longer gets fixes.
import type { Rule } from "../rule";
import { dataAgeNote } from "../versions";

const rule: Rule = {
  id: "NRS-VER-002",
  area: "versions",
  title: "This Node-RED version no longer gets security fixes",
  passTitle: "This Node-RED version is supported",
  why:
    "Each Node-RED major version gets fixes for a limited time after the next one comes out. " +
    "After that, security problems found in it, its editor or its bundled libraries are not fixed for it.",
  fix: [
    "Read the upgrade notes of the newer major version (nodered.org/blog) and back up your user directory.",
    "Upgrade Node-RED (on a Raspberry Pi or Debian, run Node-RED's install script again; with npm: npm install -g --unsafe-perm node-red) and restart it.",
  ],
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
          title: `Node-RED ${red.version} is newer than the support data`,
          details: [
            `Node-RED ${String(red.major)}.x is not listed in the support data of ${versions.dataUpdated}.`,
            ...aside,
          ],
        };
      }
      return {
        severity: "medium",
        title: `Node-RED ${red.version} is long past its end of life`,
        details: [`Node-RED ${red.version} is older than every release the support data lists.`, ...aside],
      };
    }
    if (red.daysToEndOfLife < 0) {
      return {
        severity: "medium",
        title: `Node-RED ${String(red.major)}.x no longer gets security fixes`,
        details: [
          `Node-RED ${red.version}: end of life of ${String(red.major)}.x was ${red.endOfLife} (Node-RED's release plan).`,
          ...aside,
        ],
      };
    }
    return {
      pass: true,
      title: `Node-RED ${String(red.major)}.x is supported until ${red.endOfLife}`,
      details: [`Node-RED ${red.version} is supported until ${red.endOfLife} (Node-RED's release plan).`, ...aside],
    };
  },
};

export default rule;
