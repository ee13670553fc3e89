// NRS-NET-005: how the request for this very report arrived: over plain HTTP from another machine (the
// editor login travelled unencrypted), or through a proxy Node-RED was not told about.
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-NET-005");

const rule: Rule = {
  id: "NRS-NET-005",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
        details: [msg("thisRequestCameFromOver", { remote: request.remote })],
      };
    }
    const seen = msg("proxyHeadersSeenFrom", { proxyHeaders: request.proxyHeaders.join(", "), remote: request.remote });
    // Proxy headers nobody declared trusted are anyone's to write: from another machine over plain HTTP,
    // the connection itself is what counts (a proxy on this machine is believed, as only it can be there).
    if (!request.proxyDeclared && !request.encrypted && request.remoteClass !== "loopback") {
      return {
        severity: "high",
        details: [
          msg("thisRequestCameFromOver", { remote: request.remote }),
          seen,
          msg("declareTheProxyWithHttpserveroptions"),
        ],
      };
    }
    // The proxy says the browser spoke plain HTTP to it: the login crossed the network in clear.
    if (request.forwardedProto === "http" && fromClass !== "loopback") {
      return {
        severity: "high",
        title: msg("throughProxyOverPlainHttp"),
        details: [msg("theProxySaysReachedIt", { from }), seen],
      };
    }
    if (!request.proxyDeclared) {
      return {
        severity: "info",
        title: msg("throughUndeclaredProxy"),
        details: [seen, msg("declareTheProxyWithHttpserveroptions")],
      };
    }
    return {
      pass: true,
      title: msg("throughDeclaredProxy"),
      details: [
        seen,
        ...(request.forwardedProto
          ? [msg("protocolBetweenBrowserAndProxy", { forwardedProto: request.forwardedProto })]
          : []),
      ],
    };
  },
};

export default rule;
