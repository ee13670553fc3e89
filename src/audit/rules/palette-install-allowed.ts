// NRS-EDITOR-002: the palette manager can install any npm module.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-EDITOR-002");

const rule: Rule = {
  id: "NRS-EDITOR-002",
  area: "hardening",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `externalModules: {
    palette: {
        allowInstall: false,
        allowUpload: false
    }
},`,
  docs: DOCS.configuration,
  settingsKeys: ["externalModules", "editorTheme"],
  maxSeverity: "low",
  evaluate(facts) {
    if (!facts.adminApiEnabled || !facts.palette.installAllowed) return { pass: true };
    const details = facts.palette.uploadAllowed ? [msg("uploadingPackageFilesTgzIs")] : [];
    return { severity: isReachable(facts) ? "low" : "info", details };
  },
};

export default rule;
