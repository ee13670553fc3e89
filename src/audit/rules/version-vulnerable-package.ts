// NRS-VER-003: Node-RED or an installed package is a version with a published vulnerability.
import type { Rule } from "../rule";
import type { VersionAdvisory } from "../facts";
import { dataAgeNote } from "../versions";

const ORDER: readonly VersionAdvisory["severity"][] = ["critical", "high", "medium", "low"];

const rule: Rule = {
  id: "NRS-VER-003",
  area: "versions",
  title: "An installed version has a known vulnerability",
  passTitle: "No installed version has a known vulnerability",
  why:
    "These versions have security holes that are published, with the way to use them, so attackers try them first. " +
    "Updating to the fixed version closes the hole.",
  fix: [
    "Update each package named below to at least its fixed version: in the editor, Menu → Manage palette → Nodes → update; or run npm install <package>@latest in the user directory.",
    "For Node-RED itself, upgrade Node-RED (Node-RED's install script, or npm install -g --unsafe-perm node-red).",
    "Restart Node-RED.",
  ],
  docs: "https://nodered.org/docs/user-guide/runtime/adding-nodes#upgrading-nodes",
  settingsKeys: ["userDir"],
  maxSeverity: "critical",
  evaluate(facts) {
    const versions = facts.versions;
    if (!versions || versions.packages.length === 0) return "not-applicable";
    const aside = dataAgeNote(versions);
    const affected = versions.packages.filter((p) => p.advisories.length > 0);
    if (affected.length === 0) {
      return {
        pass: true,
        details: [`Checked: ${versions.packages.map((p) => `${p.name} ${p.version}`).join(", ")}`, ...aside],
      };
    }
    const severities = affected.flatMap((p) => p.advisories.map((a) => a.severity));
    const worst = ORDER.find((s) => severities.includes(s)) ?? "high";
    return {
      severity: worst,
      title:
        affected.length === 1 && affected[0]
          ? `${affected[0].name} ${affected[0].version} has a known vulnerability`
          : `${String(affected.length)} installed packages have known vulnerabilities`,
      details: [
        ...affected.flatMap((p) =>
          p.advisories.map(
            (a) => `${p.name} ${p.version}: ${a.id} (${a.severity}) ${a.summary}; fixed in ${a.fixedIn}. ${a.url}`,
          ),
        ),
        ...aside,
      ],
    };
  },
};

export default rule;
