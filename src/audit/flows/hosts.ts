// Whether a host name or address is on this machine or the local network, where plain-text traffic does
// not cross the internet. Pure string work: no DNS lookups.
import { isIP } from "node:net";

const LOCAL_SUFFIXES = [
  ".local",
  ".lan",
  ".home.arpa",
  ".internal",
  ".localdomain",
  ".localhost",
  ".home",
  ".intranet",
];

function ipv4Local(ip: string): boolean {
  const [a = -1, b = -1] = ip.split(".").map(Number);
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    // Carrier-grade NAT space, used by Tailscale and other overlay networks.
    (a === 100 && b >= 64 && b <= 127)
  );
}

function ipv6Local(ip: string): boolean {
  const v = ip.toLowerCase();
  if (v === "::1" || v === "::") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped?.[1]) return ipv4Local(mapped[1]);
  const first = Number.parseInt(v.split(":")[0] ?? "", 16);
  if (!Number.isFinite(first)) return false;
  // fc00::/7 (unique local) and fe80::/10 (link-local).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** Loopback, a private/LAN/link-local range, a .local/.lan/.home.arpa name, or a single-label name. */
export function isLocalHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "")
    .replace(/\.$/, "");
  if (h === "" || h === "localhost") return true;
  const ip = isIP(h);
  if (ip === 4) return ipv4Local(h);
  if (ip === 6) return ipv6Local(h);
  if (!h.includes(".")) return true;
  return LOCAL_SUFFIXES.some((s) => h.endsWith(s));
}

/**
 * The host (and port) of a literal `http://` URL, without any user name or password; undefined when the
 * URL is not plain http, is built at run time ({{…}}, ${…}) or cannot be read.
 */
export function plainHttpHost(url: string): string | undefined {
  const u = url.trim();
  if (!/^http:\/\//i.test(u)) return undefined;
  // Hosts filled in from the message or the environment are not known here.
  const authority = u.slice("http://".length).split(/[/?#]/)[0] ?? "";
  if (/[{}$]/.test(authority)) return undefined;
  try {
    const parsed = new URL(u);
    return parsed.host === "" ? undefined : parsed.host;
  } catch {
    return undefined;
  }
}

/** Host name or address of a `host`, `host:port` or `[v6]:port` string, for the local test. */
export function hostOnly(host: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(host);
  if (v6?.[1]) return v6[1];
  if (isIP(host) === 6) return host;
  return host.replace(/:\d+$/, "");
}
