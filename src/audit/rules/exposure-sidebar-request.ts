// NRS-NET-005: how the request for this very report arrived: over plain HTTP from another machine (the
// editor login travelled unencrypted), or through a proxy Node-RED was not told about.
import { DOCS, type Rule } from "../rule";

const rule: Rule = {
  id: "NRS-NET-005",
  area: "exposure",
  title: "You reached this editor over plain HTTP from another machine",
  passTitle: "You reached this editor over an encrypted or local connection",
  why:
    "The way you reached this editor is the way your login travels. Over plain HTTP from another machine, " +
    "anyone on the path can copy your password and session token and take over the editor. Behind a proxy, " +
    "Node-RED only sees the real visitor and protocol when the proxy is declared in settings.js.",
  fix: [
    "Turn on HTTPS (see NRS-TLS-001), or reach the editor only through a reverse proxy that speaks HTTPS.",
    'Behind a proxy, declare it so Node-RED trusts its X-Forwarded headers: httpServerOptions with "trust proxy" set to the proxy\'s address, and requireHttps: true (see the snippet).',
    "If your login crossed the network in clear, change the editor password once HTTPS is on.",
  ],
  snippet: `httpServerOptions: { "trust proxy": "loopback" },
requireHttps: true,`,
  docs: DOCS.https,
  settingsKeys: ["https", "requireHttps", "httpServerOptions"],
  maxSeverity: "high",
  evaluate(facts) {
    const request = facts.exposure?.request;
    if (!request) return "not-applicable";
    const proxied = request.proxyHeaders.length > 0;
    const from = request.forwardedFor ?? request.remote;
    const fromClass = request.forwardedForClass ?? request.remoteClass;
    if (!proxied) {
      if (request.encrypted || request.remoteClass === "loopback") return { pass: true };
      return {
        severity: "high",
        details: [`This request came from ${request.remote} over plain HTTP: your editor login travelled unencrypted.`],
      };
    }
    const seen = `Proxy headers seen: ${request.proxyHeaders.join(", ")} (from ${request.remote})`;
    // The proxy says the browser spoke plain HTTP to it: the login crossed the network in clear.
    if (request.forwardedProto === "http" && fromClass !== "loopback") {
      return {
        severity: "high",
        title: "You reached this editor through a proxy over plain HTTP",
        details: [`The proxy says ${from} reached it over plain HTTP: your editor login travelled unencrypted.`, seen],
      };
    }
    if (!request.proxyDeclared) {
      return {
        severity: "info",
        title: "You reached this editor through a proxy Node-RED was not told about",
        details: [
          seen,
          'Declare the proxy with httpServerOptions "trust proxy" so logs, rate limits and requireHttps see the real visitor and protocol.',
        ],
      };
    }
    return {
      pass: true,
      title: "You reached this editor through your declared proxy",
      details: [
        seen,
        ...(request.forwardedProto ? [`Protocol between browser and proxy: ${request.forwardedProto}`] : []),
      ],
    };
  },
};

export default rule;
