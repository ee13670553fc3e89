// NRS-VER-003: Node-RED or an installed package is a version with a published vulnerability.
import type { Rule } from "../rule";
import type { VersionAdvisory } from "../facts";
import { dataAgeNote } from "../versions";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-VER-003");

const ORDER: readonly VersionAdvisory["severity"][] = ["critical", "high", "medium", "low"];

const rule: Rule = {
  id: "NRS-VER-003",
  area: "versions",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
        details: [
          msg("checked", { join: versions.packages.map((p) => `${p.name} ${p.version}`).join(", ") }),
          ...aside,
        ],
      };
    }
    const severities = affected.flatMap((p) => p.advisories.map((a) => a.severity));
    const worst = ORDER.find((s) => severities.includes(s)) ?? "high";
    return {
      severity: worst,
      title:
        affected.length === 1 && affected[0]
          ? msg("hasKnownVulnerability", { name: affected[0].name, version: affected[0].version })
          : msg("installedPackagesHaveKnownVulnerabilities", { length: String(affected.length) }),
      details: [
        ...affected.flatMap((p) =>
          p.advisories.map((a) =>
            msg("fixedIn", {
              name: p.name,
              version: p.version,
              id: a.id,
              severity: a.severity,
              summary: a.summary,
              fixedIn: a.fixedIn,
              url: a.url,
            }),
          ),
        ),
        ...aside,
      ],
    };
  },
};

export default rule;
