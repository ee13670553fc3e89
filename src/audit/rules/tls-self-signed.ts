// NRS-TLS-003: the certificate is self-signed.
import { DOCS, type Rule } from "../rule";
import { certificateDetails } from "./tls-certificate-expiry";
import { HTTPS_FUNCTION_SNIPPET } from "./tls-https-refresh";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-TLS-003");

const rule: Rule = {
  id: "NRS-TLS-003",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: HTTPS_FUNCTION_SNIPPET,
  docs: DOCS.https,
  settingsKeys: ["https"],
  maxSeverity: "info",
  evaluate(facts) {
    const cert = facts.tls.certificate;
    if (!cert) return "not-applicable";
    const details = certificateDetails(cert);
    if (cert.issuedByLocalCa === true) {
      return {
        pass: true,
        title: msg("fromOwnAuthority"),
        details: [msg("fromOwnAuthorityDetail"), ...details],
      };
    }
    return cert.selfSigned ? { severity: "info", details } : { pass: true, details };
  },
};

export default rule;
