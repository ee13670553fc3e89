// NRS-NET-004: the networks Node-RED answers on, for the administrator to check. Information only, never
// a penalty: "info" when other machines can connect, a plain pass when only this machine can.
import type { AddressClass } from "../facts";
import { DOCS, type Rule } from "../rule";
import { describeAddress } from "./exposure-public-address";
import { messages, type Text } from "../../i18n/messages";
import { joinComma } from "./common";

const msg = messages("NRS-NET-004");

const ORDER: readonly AddressClass[] = ["public", "vpn", "lan", "loopback", "unknown"];
const SHORT: Readonly<Record<AddressClass, Text>> = {
  public: msg("theInternet"),
  vpn: msg("vpnCgnatRange"),
  lan: msg("theLocalNetwork"),
  loopback: msg("thisMachine"),
  unknown: msg("anUnresolvedHostName"),
};

const rule: Rule = {
  id: "NRS-NET-004",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0")],
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
        title: msg("reachableAtUnixSocketThis"),
        details: [msg("unixSocketOnlyProcessesOn", { socket: exposure.socket })],
      };
    }
    if (!exposure.enumerated) {
      return {
        severity: "info",
        title: msg("reachableAtEveryNetworkOf"),
        details: [msg("listeningOnEveryInterfaceThe", { host: facts.listen.host, port: String(port) })],
      };
    }
    const classes = ORDER.filter((c) => exposure.addresses.some((a) => a.class === c));
    const details = ORDER.flatMap((c) =>
      exposure.addresses
        .filter((a) => a.class === c)
        .map((a) =>
          msg("port", {
            describeAddress: describeAddress(a),
            port: String(port),
            label: msg(`addressClass.${c}`),
          }),
        ),
    );
    if (classes.length > 0 && classes.every((c) => c === "loopback")) return { pass: true, details };
    return {
      severity: "info",
      title:
        classes.length === 0
          ? msg("reachableAtNoNetworkAddress")
          : msg("reachableAt", { join: joinComma(classes.map((c) => SHORT[c])) }),
      details,
    };
  },
};

export default rule;
