// NRS-TLS-002: the HTTPS certificate has expired or expires soon.
import type { CertificateFacts } from "../facts";
import { DOCS, type Rule } from "../rule";

/** "2026-11-28" from an ISO timestamp. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Who the certificate names and who issued it, and where it was read. */
export function certificateDetails(cert: CertificateFacts): string[] {
  return [
    `Certificate for ${cert.subject}, issued by ${cert.issuer}`,
    cert.source === "server"
      ? "Read from the certificate the running server presents."
      : "Read from the https.cert of settings.js.",
  ];
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? "" : "s"}`;
}

const rule: Rule = {
  id: "NRS-TLS-002",
  area: "transport",
  title: "The HTTPS certificate expires soon",
  passTitle: "The HTTPS certificate is valid for a while yet",
  why:
    "Once the certificate expires, browsers and phones refuse to open Node-RED or show a full-page warning, " +
    "and devices that call your endpoints stop working. People then learn to click through warnings, which is " +
    "exactly what someone intercepting the connection needs.",
  fix: [
    "Renew the certificate (certbot renew, your own CA, or a new one) and replace the files https points at.",
    "Restart Node-RED, or make https a function and set httpsRefreshInterval so renewed files are loaded by themselves.",
    "Automate renewal so this does not come back: certbot's timer, or a reverse proxy such as Caddy that renews on its own.",
  ],
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
        title: "The HTTPS certificate has expired",
        details: [`Expired on ${until} (${plural(-cert.daysLeft, "day")} ago)`, ...details],
      };
    }
    const left = `Valid until ${until} (${plural(cert.daysLeft, "day")} left)`;
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
        title: "The HTTPS certificate is renewed by itself",
        details: [
          left,
          `security.https() makes a new one from this Node-RED's own authority 30 days before the end (checked every ${String(facts.tls.refreshIntervalHours)} hours), served without a restart.`,
          ...details,
        ],
      };
    }
    if (cert.daysLeft < 21) {
      return {
        severity: cert.daysLeft < 7 ? "high" : "medium",
        title: `The HTTPS certificate expires in ${plural(cert.daysLeft, "day")}`,
        details: [left, ...details],
      };
    }
    return { pass: true, title: `The HTTPS certificate is valid until ${until}`, details: [left, ...details] };
  },
};

export default rule;
