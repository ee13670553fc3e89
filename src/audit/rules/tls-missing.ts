// NRS-TLS-001: neither HTTPS nor requireHttps.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../messages";

const msg = messages("NRS-TLS-001");

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
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: httpsSnippet(undefined),
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
    const snippet = httpsSnippet(facts.userDir.path);
    return isReachable(facts)
      ? { severity: "high", snippet }
      : {
          severity: "low",
          snippet,
          details: [msg("onlyThisMachineCanConnect")],
        };
  },
};

export default rule;
