// Every name and address this machine answers to: what a certificate for the local network must list.
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";

export interface MachineNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

function validHostName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/i.test(name) && name.length <= 253;
}

/**
 * os.hostname(), `<hostname>.local` (mDNS, as Raspberry Pis and Macs announce themselves), `localhost`,
 * and every IPv4/IPv6 address of every interface (LAN and VPN alike) plus 127.0.0.1 and ::1.
 * Link-local IPv6 (fe80::/10) is left out: browsers cannot use a scoped address in a URL.
 */
export function machineNames(
  host: string = hostname(),
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): MachineNames {
  const dns = new Set<string>();
  const name = host.trim().toLowerCase();
  if (validHostName(name) && isIP(name) === 0) {
    dns.add(name);
    const short = name.split(".")[0] ?? name;
    dns.add(`${short}.local`);
  }
  dns.add("localhost");
  const ips = new Set<string>(["127.0.0.1", "::1"]);
  for (const list of Object.values(interfaces)) {
    for (const entry of list ?? []) {
      const address = entry.address.split("%")[0] ?? "";
      if (isIP(address) === 0) continue;
      if (/^fe[89ab]/i.test(address)) continue;
      ips.add(address.toLowerCase());
    }
  }
  return { dns: [...dns], ips: [...ips] };
}

/** All names and addresses as one list, names first. */
export function allNames(names: MachineNames): string[] {
  return [...names.dns, ...names.ips];
}
