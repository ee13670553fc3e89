// NRS-VER-001: the Node.js that runs Node-RED is past (or near) its end of life.
import type { Rule } from "../rule";
import { dataAgeNote } from "../versions";

/** Within this many days of end of life, a low finding says to plan the upgrade. */
export const EOL_WARNING_DAYS = 90;

const rule: Rule = {
  id: "NRS-VER-001",
  area: "versions",
  title: "Node.js is past its end of life",
  passTitle: "Node.js is a supported release",
  why:
    "A Node.js release past its end of life gets no more security fixes, so holes found in it stay open for good. " +
    "Node-RED and every node you installed run on it, with access to your files and your network.",
  fix: [
    "Install the current Node.js LTS release. On a Raspberry Pi or Debian, Node-RED's install script does it: bash <(curl -sL https://github.com/node-red/linux-installers/releases/latest/download/update-nodejs-and-nodered-deb)",
    "Restart Node-RED and check that your nodes still load (run npm rebuild in the user directory for nodes with native code).",
  ],
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
        title: `Node.js ${node.version} is newer than the support data`,
        details: [
          `Node.js ${String(node.major)} is not listed in the support data of ${versions.dataUpdated}.`,
          ...aside,
        ],
      };
    }
    if (node.daysToEndOfLife < 0) {
      return {
        severity: "high",
        title: `Node.js ${String(node.major)} is past its end of life`,
        details: [`Node.js ${node.version}: end of life was ${node.endOfLife}; it gets no security fixes.`, ...aside],
      };
    }
    const until = `Node.js ${node.version} is supported until ${node.endOfLife} (${String(node.daysToEndOfLife)} days).`;
    if (node.daysToEndOfLife <= EOL_WARNING_DAYS) {
      return {
        severity: "low",
        title: `Node.js ${String(node.major)} reaches its end of life on ${node.endOfLife}`,
        details: [until, "Plan the upgrade to the current LTS release now.", ...aside],
      };
    }
    return {
      pass: true,
      title: `Node.js ${String(node.major)} is supported until ${node.endOfLife}`,
      details: [until, ...aside],
    };
  },
};

export default rule;
