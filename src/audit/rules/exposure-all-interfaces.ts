// NRS-NET-001: uiHost listens on every network interface.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-NET-001",
  area: "exposure",
  title: "Node-RED listens on every network interface",
  passTitle: "Node-RED listens on chosen interfaces only",
  why:
    "With no uiHost, Node-RED answers on every network this machine is on: Wi-Fi, Ethernet, VPNs, and the " +
    "internet if a router forwards the port. Binding to one address keeps it off the networks you did not choose.",
  fix: [
    "If only this machine (or a reverse proxy on it) needs Node-RED, set uiHost to 127.0.0.1.",
    "Otherwise set uiHost to the one address you want it on, such as your LAN or VPN address.",
    "Restart Node-RED.",
  ],
  snippet: `uiHost: "127.0.0.1",`,
  docs: DOCS.configuration,
  settingsKeys: ["uiHost"],
  maxSeverity: "medium",
  evaluate(facts) {
    const where = `${facts.listen.host}:${String(facts.listen.port)}`;
    const details = [`Listening on ${where}`];
    if (facts.listen.scope === "all-interfaces") return { severity: "medium", details };
    if (facts.listen.scope === "loopback") {
      return { pass: true, title: "Node-RED only listens on this machine", details };
    }
    return { pass: true, details };
  },
};

export default rule;
