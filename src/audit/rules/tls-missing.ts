// NRS-TLS-001: neither HTTPS nor requireHttps.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";

/** The https block, pointing at files in this instance's user directory when it is known. */
function httpsSnippet(userDir: string | undefined): string {
  const file = (name: string): string =>
    userDir === undefined
      ? `require("path").join(__dirname, "${name}")`
      : JSON.stringify(`${userDir.replace(/\/+$/, "")}/${name}`);
  return `https: {
    key: require("fs").readFileSync(${file("privkey.pem")}),
    cert: require("fs").readFileSync(${file("cert.pem")})
},
requireHttps: true,`;
}

const rule: Rule = {
  id: "NRS-TLS-001",
  area: "transport",
  title: "Node-RED is served over plain HTTP",
  passTitle: "Node-RED is served over HTTPS",
  why:
    "Without HTTPS, passwords, login tokens and everything the editor and dashboards show travel in clear text. " +
    "Anyone on the same Wi-Fi, network or path can read them and take over the session.",
  fix: [
    "Get a certificate for the name you reach Node-RED by (Let's Encrypt, or your own CA for a home network).",
    "Point the https setting at the key and certificate files as below, and restart Node-RED.",
    "Or put Node-RED behind a reverse proxy that speaks HTTPS (nginx, Caddy, Traefik) and set requireHttps: true.",
  ],
  snippet: httpsSnippet(undefined),
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
    const snippet = httpsSnippet(facts.userDir.path);
    return isReachable(facts)
      ? { severity: "high", snippet }
      : {
          severity: "low",
          snippet,
          details: ["Only this machine can connect, so this matters only if a local proxy forwards outside traffic."],
        };
  },
};

export default rule;
