// NRS-RUNTIME-001: Node-RED cannot write its user directory or its sessions file.
import { DOCS, type Rule } from "../rule";
import { messages, type Text } from "../../i18n/messages";

const msg = messages("NRS-RUNTIME-001");

const rule: Rule = {
  id: "NRS-RUNTIME-001",
  area: "hardening",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: DOCS.configuration,
  settingsKeys: ["userDir"],
  maxSeverity: "medium",
  evaluate(facts) {
    const dir = facts.userDir;
    if (dir.path === undefined || dir.writable === undefined) return "not-applicable";
    const details: Text[] = [];
    if (!dir.writable) details.push(msg("isNotWritable", { path: dir.path }));
    if (dir.sessionsFileWritable === false) details.push(msg("sessionsJsonIsNotWritable"));
    if (details.length === 0) return { pass: true, details: [dir.path] };
    return { severity: "medium", details };
  },
};

export default rule;
