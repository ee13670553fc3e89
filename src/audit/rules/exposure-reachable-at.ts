// NRS-NET-004: the networks Node-RED answers on, for the administrator to check. Information only, never
// a penalty: "info" when other machines can connect, a plain pass when only this machine can.
import { ADDRESS_CLASS_LABEL } from "../addresses";
import type { AddressClass } from "../facts";
import { DOCS, type Rule } from "../rule";
import { describeAddress } from "./exposure-public-address";

const ORDER: readonly AddressClass[] = ["public", "vpn", "lan", "loopback", "unknown"];
const SHORT: Readonly<Record<AddressClass, string>> = {
  public: "the internet",
  vpn: "a VPN/CGNAT range",
  lan: "the local network",
  loopback: "this machine",
  unknown: "an unresolved host name",
};

const rule: Rule = {
  id: "NRS-NET-004",
  area: "exposure",
  title: "Where Node-RED can be reached",
  passTitle: "Reachable at: this machine only",
  why:
    "This lists the networks Node-RED answers on, so you can check they are the ones you meant. " +
    "Anyone on them can at least reach the login page and any endpoint or dashboard that has no login.",
  fix: ["If a network here surprises you, set uiHost to the one address Node-RED should answer on and restart it."],
  docs: DOCS.configuration,
  settingsKeys: ["uiHost", "uiPort"],
  maxSeverity: "info",
  evaluate(facts) {
    const exposure = facts.exposure;
    if (!exposure) return "not-applicable";
    const port = facts.listen.port;
    if (exposure.socket !== undefined) {
      return {
        pass: true,
        title: "Reachable at: a unix socket (this machine only)",
        details: [`Unix socket ${exposure.socket}: only processes on this machine can connect.`],
      };
    }
    if (!exposure.enumerated) {
      return {
        severity: "info",
        title: "Reachable at: every network of the machine Node-RED runs on",
        details: [
          `Listening on ${facts.listen.host}:${String(port)}, every interface. The addresses were not listed (the command line does not know the machine Node-RED runs on); the Security sidebar lists them.`,
        ],
      };
    }
    const classes = ORDER.filter((c) => exposure.addresses.some((a) => a.class === c));
    const details = ORDER.flatMap((c) =>
      exposure.addresses
        .filter((a) => a.class === c)
        .map((a) => `${describeAddress(a)} port ${String(port)}: ${ADDRESS_CLASS_LABEL[c]}`),
    );
    if (classes.length > 0 && classes.every((c) => c === "loopback")) return { pass: true, details };
    return {
      severity: "info",
      title:
        classes.length === 0
          ? "Reachable at: no network address was found"
          : `Reachable at: ${classes.map((c) => SHORT[c]).join(", ")}`,
      details,
    };
  },
};

export default rule;
