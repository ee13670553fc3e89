// NRS-TLS-005: renewed certificates are never loaded (https is a function without httpsRefreshInterval,
// or httpsRefreshInterval is set next to an https object, which Node-RED ignores).
// requireHttps is not judged here: with Node-RED's own HTTPS there is no plain-HTTP port for it to
// redirect, and the proxy case (HTTPS at the proxy, plain HTTP to Node-RED) is NRS-TLS-001's.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-TLS-005");

/** An https function that reads Let's Encrypt files, re-read every 12 hours. */
export const HTTPS_FUNCTION_SNIPPET = `https: function () {
    return {
        key: require("fs").readFileSync("/etc/letsencrypt/live/example.com/privkey.pem"),
        cert: require("fs").readFileSync("/etc/letsencrypt/live/example.com/fullchain.pem")
    };
},
httpsRefreshInterval: 12,`;

const rule: Rule = {
  id: "NRS-TLS-005",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: HTTPS_FUNCTION_SNIPPET,
  docs: DOCS.https,
  settingsKeys: ["https", "httpsRefreshInterval"],
  maxSeverity: "low",
  evaluate(facts) {
    const { httpsSetting, refreshIntervalHours } = facts.tls;
    if (httpsSetting === "function") {
      if (refreshIntervalHours !== undefined) {
        return {
          pass: true,
          details: [msg("httpsIsFunctionReadAgain", { hours: String(Math.min(refreshIntervalHours, 596)) })],
        };
      }
      return {
        severity: "low",
        details: [msg("httpsIsFunctionButHttpsrefreshinterval")],
      };
    }
    if (httpsSetting === "object" && refreshIntervalHours !== undefined) {
      return {
        severity: "low",
        title: msg("httpsrefreshintervalIsIgnoredHttpsIs"),
        details: [msg("nodeRedOnlyReReads")],
      };
    }
    return "not-applicable";
  },
};

export default rule;
