// Which networks an address belongs to, and which addresses a server listening on a host answers on.
import { isIP } from "node:net";
import type { AddressClass, ExposedAddress } from "./facts";

function ipv4Parts(address: string): number[] | undefined {
  const parts = address.split(".").map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

function classifyIpv4(address: string): AddressClass {
  const p = ipv4Parts(address);
  if (!p) return "unknown";
  const [a = 0, b = 0] = p;
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
    return "lan";
  }
  // 100.64.0.0/10: carrier-grade NAT, where Tailscale and other mesh VPNs put their addresses.
  if (a === 100 && b >= 64 && b <= 127) return "vpn";
  if (a === 0) return "unknown";
  return "public";
}

/** The first 16-bit group of an IPv6 address, or undefined when it does not parse as one. */
function firstGroup(address: string): number | undefined {
  const head = address.split(":")[0] ?? "";
  if (head === "") return 0;
  const value = Number.parseInt(head, 16);
  return Number.isNaN(value) ? undefined : value;
}

function classifyIpv6(address: string): AddressClass {
  const a = address.toLowerCase().split("%")[0] ?? "";
  if (a === "::1") return "loopback";
  if (a === "::" || a === "::0") return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1]) return classifyIpv4(mapped[1]);
  // fd7a:115c:a1e0::/48 is Tailscale's own range inside the unique-local block.
  if (a.startsWith("fd7a:115c:a1e0:")) return "vpn";
  const group = firstGroup(a);
  if (group === undefined) return "unknown";
  if ((group & 0xfe00) === 0xfc00) return "lan"; // fc00::/7, unique local
  if ((group & 0xffc0) === 0xfe80) return "lan"; // fe80::/10, link local
  return "public";
}

/** loopback, LAN, VPN/CGNAT, public, or "unknown" for a host name or anything unparsable. */
export function classifyAddress(address: string): AddressClass {
  const a = address
    .trim()
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  if (a === "localhost") return "loopback";
  const family = isIP(a.split("%")[0] ?? "");
  if (family === 4) return classifyIpv4(a);
  if (family === 6) return classifyIpv6(a);
  return "unknown";
}

export const ADDRESS_CLASS_LABEL: Readonly<Record<AddressClass, string>> = {
  loopback: "this machine only (loopback)",
  lan: "the local network (LAN)",
  vpn: "a VPN or carrier-grade NAT range (100.64.0.0/10, e.g. Tailscale)",
  public: "the internet (public address)",
  unknown: "a host name that was not resolved",
};

interface InterfaceAddress {
  readonly address: string;
  readonly family: string;
  readonly interface: string;
}

/** The addresses of an `os.networkInterfaces()`-shaped value; anything malformed is skipped. */
function interfaceAddresses(interfaces: unknown): InterfaceAddress[] {
  if (typeof interfaces !== "object" || interfaces === null || Array.isArray(interfaces)) return [];
  const out: InterfaceAddress[] = [];
  for (const [name, list] of Object.entries(interfaces as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      if (typeof entry !== "object" || entry === null) continue;
      const { address, family } = entry as Record<string, unknown>;
      if (typeof address !== "string") continue;
      // Node.js 18.0–18.3 reported family as a number.
      const fam = family === 4 || family === "IPv4" ? "IPv4" : family === 6 || family === "IPv6" ? "IPv6" : "";
      if (fam === "") continue;
      out.push({ address, family: fam, interface: name });
    }
  }
  return out;
}

export interface ListenAddresses {
  readonly addresses: readonly ExposedAddress[];
  readonly enumerated: boolean;
}

/**
 * The addresses a server bound to `host` answers on. For 0.0.0.0 that is every IPv4 address of the
 * machine, for :: every address (dual stack); without an interface list those stay unknown.
 */
export function listenAddresses(host: string, interfaces: unknown): ListenAddresses {
  const h = host
    .trim()
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  const v4Any = h === "" || h === "0.0.0.0" || h === "*";
  const v6Any = h === "::" || h === "::0";
  if (!v4Any && !v6Any) return { addresses: [{ address: host, class: classifyAddress(host) }], enumerated: true };
  if (interfaces === undefined) return { addresses: [], enumerated: false };
  const seen = new Set<string>();
  const addresses: ExposedAddress[] = [];
  for (const entry of interfaceAddresses(interfaces)) {
    if (v4Any && entry.family !== "IPv4") continue;
    if (seen.has(entry.address)) continue;
    seen.add(entry.address);
    addresses.push({ address: entry.address, class: classifyAddress(entry.address), interface: entry.interface });
  }
  return { addresses, enumerated: true };
}
