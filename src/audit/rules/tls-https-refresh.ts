// NRS-TLS-005: renewed certificates are never loaded (https is a function without httpsRefreshInterval,
// or httpsRefreshInterval is set next to an https object, which Node-RED ignores).
// requireHttps is not judged here: with Node-RED's own HTTPS there is no plain-HTTP port for it to
// redirect, and the proxy case (HTTPS at the proxy, plain HTTP to Node-RED) is NRS-TLS-001's.
import { DOCS, type Rule } from "../rule";

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
  title: "Renewed certificates are never loaded",
  passTitle: "Renewed certificates are loaded while Node-RED runs",
  why:
    "Certificates from Let's Encrypt last 90 days and are renewed on disk, but Node-RED only reads them again " +
    "when https is a function and httpsRefreshInterval is set. Otherwise it keeps serving the old certificate " +
    "until a restart, and one day it has expired.",
  fix: [
    "Make https a function that reads the key and certificate files (see the snippet).",
    "Set httpsRefreshInterval to how often, in hours, Node-RED should read them again (12 is a good value).",
    "Restart Node-RED once; later renewals are then picked up by themselves.",
  ],
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
          details: [`https is a function, read again every ${String(Math.min(refreshIntervalHours, 596))} hours.`],
        };
      }
      return {
        severity: "low",
        details: ["https is a function but httpsRefreshInterval is not set: it is only called at start."],
      };
    }
    if (httpsSetting === "object" && refreshIntervalHours !== undefined) {
      return {
        severity: "low",
        title: "httpsRefreshInterval is ignored: https is not a function",
        details: [
          "Node-RED only re-reads the certificate when https is a function; with an object it warns at start and never reloads.",
        ],
      };
    }
    return "not-applicable";
  },
};

export default rule;
