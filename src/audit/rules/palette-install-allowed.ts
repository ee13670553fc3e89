// NRS-EDITOR-002: the palette manager can install any npm module.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-EDITOR-002",
  area: "hardening",
  title: "The editor can install any npm package",
  passTitle: "Installing packages from the editor is switched off",
  why:
    "Installing a node package runs its code with Node-RED's rights. Anyone who gets into the editor, or " +
    "one careless click on a look-alike package, can run anything on this machine.",
  fix: [
    "Install the nodes you need, then switch the palette manager's installs off in settings.js.",
    "Or limit what can be installed with externalModules.palette.allowList.",
  ],
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
    const details = facts.palette.uploadAllowed ? ["Uploading package files (.tgz) is allowed too."] : [];
    return { severity: isReachable(facts) ? "low" : "info", details };
  },
};

export default rule;
