// NRS-TLS-001: neither HTTPS nor requireHttps — or security.https() found no usable certificate, so
// Node-RED started over plain HTTP (it says why).
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-TLS-001");

/** The package's https function: a certificate of its own authority, made on first use and renewed. */
export const PACKAGE_HTTPS_SNIPPET = `https: require("node-red-contrib-security").https(),
httpsRefreshInterval: 12,`;

const rule: Rule = {
  id: "NRS-TLS-001",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2"), msg("fix.3")],
  snippet: PACKAGE_HTTPS_SNIPPET,
  docs: DOCS.https,
  settingsKeys: ["https", "requireHttps"],
  maxSeverity: "high",
  evaluate(facts) {
    if (facts.tls.enabled) return { pass: true };
    if (facts.tls.requireHttps) {
      return {
        pass: true,
        title: msg("plainHttpIsRedirectedTo"),
        details: [msg("requirehttpsCoversTheEditorIt")],
      };
    }
    const failed = facts.tls.packageHttps?.state === "off" ? facts.tls.packageHttps : undefined;
    const why = failed
      ? {
          title: msg("httpsOff"),
          details: [failed.reason ?? msg("noCertificateReturned"), msg("startedOverPlainHttp")],
        }
      : undefined;
    if (isReachable(facts)) return { severity: "high", ...why };
    return {
      severity: "low",
      ...(why ? { title: why.title } : {}),
      details: [...(why?.details ?? []), msg("onlyThisMachineCanConnect")],
    };
  },
};

export default rule;
