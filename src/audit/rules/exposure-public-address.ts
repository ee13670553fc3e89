// NRS-NET-003: Node-RED listens on a public (internet) address.
// Medium instead of high when HTTPS and the editor login are both on: the door is open to the world,
// but what is behind it is encrypted and asks for a password.
import type { ExposedAddress } from "../facts";
import { DOCS, type Rule } from "../rule";

export function describeAddress(a: ExposedAddress): string {
  return a.interface === undefined ? a.address : `${a.address} (${a.interface})`;
}

const rule: Rule = {
  id: "NRS-NET-003",
  area: "exposure",
  title: "Node-RED listens on a public internet address",
  passTitle: "Node-RED listens on no public internet address",
  why:
    "A public address can be reached by the whole internet, and scanners find a new Node-RED within hours. " +
    "Every weakness elsewhere in this report is then open to anyone, not only to people on your network.",
  fix: [
    "Set uiHost to a LAN, VPN or loopback address, and reach Node-RED from outside through a VPN (Tailscale, WireGuard) or a reverse proxy with a login.",
    "If it must stay on the internet: keep HTTPS and the editor login on, use strong passwords, and keep Node-RED up to date.",
    "Check your firewall (or your cloud's security group): close the port unless you mean it to be open.",
  ],
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
        ...publicOnes.map((a) => `Public address: ${describeAddress(a)}`),
        guarded
          ? "HTTPS and the editor login are on, which lowers this to medium."
          : "Without both HTTPS and the editor login, anyone on the internet can try this door.",
      ],
    };
  },
};

export default rule;
