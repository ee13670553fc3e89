// NRS-TLS-004: the certificate's key is too short (RSA/DSA under 2048 bits, EC under 256).
import { DOCS, type Rule } from "../rule";
import { certificateDetails } from "./tls-certificate-expiry";

export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 256;

const rule: Rule = {
  id: "NRS-TLS-004",
  area: "transport",
  title: "The HTTPS certificate has a weak key",
  passTitle: "The HTTPS certificate has a strong key",
  why:
    "A short key can be broken with enough computing power, and then anyone can pose as this Node-RED or read " +
    "traffic they recorded. Browsers already refuse RSA keys shorter than 2048 bits.",
  fix: [
    "Make a new key and certificate: RSA with 2048 bits or more, or an EC key on the P-256 curve (Let's Encrypt and current openssl do this by default).",
    "Point https at the new key and certificate files and restart Node-RED.",
  ],
  docs: DOCS.https,
  settingsKeys: ["https"],
  maxSeverity: "high",
  evaluate(facts) {
    const cert = facts.tls.certificate;
    if (!cert || cert.keyBits === undefined) return "not-applicable";
    const type = cert.keyType ?? "unknown";
    const label = `${type.toUpperCase()}${cert.curve ? ` (${cert.curve})` : ""} key of ${String(cert.keyBits)} bits`;
    const minimum =
      type === "rsa" || type === "rsa-pss" || type === "dsa" ? MIN_RSA_BITS : type === "ec" ? MIN_EC_BITS : 0;
    const details = [label, ...certificateDetails(cert)];
    if (cert.keyBits < minimum) {
      return {
        severity: "high",
        details: [`${label}: at least ${String(minimum)} bits are needed`, ...details.slice(1)],
      };
    }
    return { pass: true, details };
  },
};

export default rule;
