// NRS-NET-003: Node-RED listens on a public (internet) address.
// Medium instead of high when HTTPS and the editor login are both on: the door is open to the world,
// but what is behind it is encrypted and asks for a password.
import type { ExposedAddress } from "../facts";
import { DOCS, type Rule } from "../rule";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-NET-003");

export function describeAddress(a: ExposedAddress): string {
  return a.interface === undefined ? a.address : `${a.address} (${a.interface})`;
}

const rule: Rule = {
  id: "NRS-NET-003",
  area: "exposure",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
  snippet: `uiHost: "127.0.0.1",`,
  docs: DOCS.configuration,
  settingsKeys: ["uiHost"],
  maxSeverity: "high",
  evaluate(facts) {
    const exposure = facts.exposure;
    if (!exposure || !exposure.enumerated) return "not-applicable";
    const publicOnes = exposure.addresses.filter((a) => a.class === "public");
    if (publicOnes.length === 0) return { pass: true };
    const guarded =
      facts.tls.enabled && (facts.adminAuth.kind === "credentials" || facts.adminAuth.kind === "strategy");
    return {
      severity: guarded ? "medium" : "high",
      details: [
        ...publicOnes.map((a) => msg("publicAddress", { describeAddress: describeAddress(a) })),
        guarded ? msg("httpsAndTheEditorLogin") : msg("withoutBothHttpsAndThe"),
      ],
    };
  },
};

export default rule;
