// NRS-TLS-002: the HTTPS certificate has expired or expires soon.
import type { CertificateFacts } from "../facts";
import { DOCS, type Rule } from "../rule";
import { type Message, messages } from "../../i18n/messages";
import { dayCount } from "./common";

const msg = messages("NRS-TLS-002");

/** "2026-11-28" from an ISO timestamp. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Who the certificate names and who issued it, and where it was read. */
export function certificateDetails(cert: CertificateFacts): Message[] {
  return [
    msg("certificateForIssuedBy", { subject: cert.subject, issuer: cert.issuer }),
    cert.source === "server" ? msg("readFromTheCertificateThe") : msg("readFromTheHttpsCert"),
  ];
}

const rule: Rule = {
  id: "NRS-TLS-002",
  area: "transport",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  docs: DOCS.https,
  settingsKeys: ["https", "httpsRefreshInterval"],
  maxSeverity: "critical",
  evaluate(facts) {
    const cert = facts.tls.certificate;
    if (!cert) return "not-applicable";
    const until = day(cert.validTo);
    const details = certificateDetails(cert);
    if (cert.daysLeft < 0) {
      return {
        severity: "critical",
        title: msg("theHttpsCertificateHasExpired"),
        details: [msg("expiredOnAgo", { until, days: dayCount(-cert.daysLeft) }), ...details],
      };
    }
    const left = msg("validUntilLeft", { until, days: dayCount(cert.daysLeft) });
    // security.https() renews its own authority's certificates 30 days before the end, at Node-RED's
    // next call (every httpsRefreshInterval hours): nothing to do unless the renewal is overdue.
    const renewed =
      cert.issuedByLocalCa === true &&
      facts.tls.managedByPackage === true &&
      facts.tls.refreshIntervalHours !== undefined &&
      cert.daysLeft >= 7;
    if (renewed && cert.daysLeft < 21) {
      return {
        pass: true,
        title: msg("renewedByItself"),
        details: [left, msg("renewedByItselfDetail", { hours: facts.tls.refreshIntervalHours }), ...details],
      };
    }
    if (cert.daysLeft < 21) {
      return {
        severity: cert.daysLeft < 7 ? "high" : "medium",
        title: msg("theHttpsCertificateExpiresIn", { days: dayCount(cert.daysLeft) }),
        details: [left, ...details],
      };
    }
    return { pass: true, title: msg("theHttpsCertificateIsValid", { until }), details: [left, ...details] };
  },
};

export default rule;
