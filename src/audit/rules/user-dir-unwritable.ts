// NRS-RUNTIME-001: Node-RED cannot write its user directory or its sessions file.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-RUNTIME-001",
  area: "hardening",
  title: "Node-RED cannot write to its user directory",
  passTitle: "The user directory is writable",
  why:
    "Node-RED keeps flows, encrypted credentials and login sessions (.sessions.json) in its user directory. " +
    "If it cannot write there, logins are forgotten, logouts do not stick and changes to credentials are lost " +
    "— usually after running Node-RED once as another user (for example with sudo).",
  fix: [
    "Give the folder back to the user that runs Node-RED, e.g. `sudo chown -R pi:pi /home/pi/.node-red`.",
    "Restart Node-RED as that user, not with sudo.",
  ],
  docs: DOCS.configuration,
  settingsKeys: ["userDir"],
  maxSeverity: "medium",
  evaluate(facts) {
    const dir = facts.userDir;
    if (dir.path === undefined || dir.writable === undefined) return "not-applicable";
    const details: string[] = [];
    if (!dir.writable) details.push(`${dir.path} is not writable`);
    if (dir.sessionsFileWritable === false) details.push(".sessions.json is not writable");
    if (details.length === 0) return { pass: true, details: [dir.path] };
    return { severity: "medium", details };
  },
};

export default rule;
