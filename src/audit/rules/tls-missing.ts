// NRS-TLS-001: neither HTTPS nor requireHttps — or security.https() found no usable certificate, so
// Node-RED started over plain HTTP (it says why).
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

/** The package's https function: a certificate of its own authority, made on first use and renewed. */
export const PACKAGE_HTTPS_SNIPPET = `https: require("node-red-contrib-security").https(),
httpsRefreshInterval: 12,`;

const rule: Rule = {
  id: "NRS-TLS-001",
  area: "transport",
  title: "Node-RED is served over plain HTTP",
  passTitle: "Node-RED is served over HTTPS",
  why:
    "Without HTTPS, passwords, login tokens and everything the editor and dashboards show travel in clear text. " +
    "Anyone on the same Wi-Fi, network or path can read them and take over the session.",
  fix: [
    "Press Turn on HTTPS below (or run `npx node-red-contrib-security fix https` on this machine): the package makes a certificate for this machine from a small authority of its own and adds the lines below to settings.js. Then restart Node-RED.",
    "Install the authority's certificate on your phones and computers (download and guide below) so they trust it without a warning.",
    "Have a certificate already (Let's Encrypt, a company CA)? Give its files instead: `.https({ cert, key })` reads them again every 12 hours.",
    "Or put Node-RED behind a reverse proxy that speaks HTTPS (nginx, Caddy, Traefik) and set requireHttps: true.",
  ],
  snippet: PACKAGE_HTTPS_SNIPPET,
  docs: DOCS.https,
  settingsKeys: ["https", "requireHttps"],
  maxSeverity: "high",
  evaluate(facts) {
    if (facts.tls.enabled) return { pass: true };
    if (facts.tls.requireHttps) {
      return {
        pass: true,
        title: "Plain HTTP is redirected to HTTPS (requireHttps)",
        details: ["requireHttps covers the editor; it relies on a proxy in front that speaks HTTPS."],
      };
    }
    const failed = facts.tls.packageHttps?.state === "off" ? facts.tls.packageHttps : undefined;
    const why = failed
      ? {
          title: "HTTPS is off: security.https() could not load a certificate",
          details: [
            failed.reason ?? "The https function of settings.js returned no certificate.",
            "Node-RED started over plain HTTP so that you are not locked out. Fix the cause and restart Node-RED.",
          ],
        }
      : undefined;
    if (isReachable(facts)) return { severity: "high", ...why };
    return {
      severity: "low",
      ...(why ? { title: why.title } : {}),
      details: [
        ...(why?.details ?? []),
        "Only this machine can connect, so this matters only if a local proxy forwards outside traffic.",
      ],
    };
  },
};

export default rule;
