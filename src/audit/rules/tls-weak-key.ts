// NRS-TLS-004: the certificate's key is too short (RSA/DSA under 2048 bits, EC under 256).
import { DOCS, type Rule } from "../rule";
import { certificateDetails } from "./tls-certificate-expiry";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-TLS-004");

export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 256;

const rule: Rule = {
  id: "NRS-TLS-004",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  docs: DOCS.https,
  settingsKeys: ["https"],
  maxSeverity: "high",
  evaluate(facts) {
    const cert = facts.tls.certificate;
    if (!cert || cert.keyBits === undefined) return "not-applicable";
    const type = cert.keyType ?? "unknown";
    const label = msg("keyOfBits", {
      type: type.toUpperCase(),
      curve: cert.curve ? ` (${cert.curve})` : "",
      keyBits: String(cert.keyBits),
    });
    const minimum =
      type === "rsa" || type === "rsa-pss" || type === "dsa" ? MIN_RSA_BITS : type === "ec" ? MIN_EC_BITS : 0;
    const details = [label, ...certificateDetails(cert)];
    if (cert.keyBits < minimum) {
      return {
        severity: "high",
        details: [msg("atLeastBitsAreNeeded", { label, minimum: String(minimum) }), ...details.slice(1)],
      };
    }
    return { pass: true, details };
  },
};

export default rule;
