// NRS-TLS-003: the certificate is self-signed.
import { DOCS, type Rule } from "../rule";
import { certificateDetails } from "./tls-certificate-expiry";
import { HTTPS_FUNCTION_SNIPPET } from "./tls-https-refresh";

const rule: Rule = {
  id: "NRS-TLS-003",
  area: "transport",
  title: "The HTTPS certificate is self-signed",
  passTitle: "The HTTPS certificate is issued by a certificate authority",
  why:
    "A self-signed certificate still encrypts the connection, but browsers and phones cannot tell it from one " +
    "an attacker made, so they warn every time. Once everyone is used to clicking through that warning, a real " +
    "attack looks exactly the same.",
  fix: [
    "Get a certificate browsers trust. Let's Encrypt is free: the easiest way is a reverse proxy in front of Node-RED (Caddy, or nginx with certbot) that gets and renews it.",
    "Or keep Node-RED's own HTTPS with Let's Encrypt files: make https a function that reads them and set httpsRefreshInterval (see the snippet) so renewals are loaded.",
    "On a home network only, you can instead install your own certificate authority on each device so the warning goes away.",
  ],
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
        title: "The HTTPS certificate comes from this Node-RED's own certificate authority",
        details: [
          "Devices trust it once they install the authority's certificate (download it from the Security tab's HTTPS section): no warnings to click through.",
          ...details,
        ],
      };
    }
    return cert.selfSigned ? { severity: "info", details } : { pass: true, details };
  },
};

export default rule;
