// Who is asking: the client's address, from the socket or (only when the user said a proxy is
// trusted) from X-Forwarded-For, reduced to the unit an attacker controls.
import { isIP } from "node:net";
import type { IncomingMessage } from "node:http";

/** The address the request came from. Proxy headers count only when `trustProxy` is true. */
export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  const socketAddress = req.socket.remoteAddress ?? "";
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
    // The right-most entry was added by our own proxy; earlier ones are the client's to forge.
    const last = list
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last !== undefined && isIP(stripIpv4Mapped(last)) !== 0) return stripIpv4Mapped(last);
  }
  return stripIpv4Mapped(socketAddress);
}

function stripIpv4Mapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

const socketKeys = new WeakMap<object, string>();

/**
 * clientKey(clientAddress(req, trustProxy)), worked out once per connection when only the socket counts:
 * a connection's address does not change, and a device or browser sends many requests over one.
 */
export function clientKeyOf(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  if (trustProxy) return clientKey(clientAddress(req, true));
  let key = socketKeys.get(req.socket);
  if (key === undefined) {
    key = clientKey(clientAddress(req, false));
    // A socket that already lost its address (closed) is not remembered with none.
    if (key !== "") socketKeys.set(req.socket, key);
  }
  return key;
}

/**
 * The key brute-force limits count against: the IPv4 address, or the /64 network of an IPv6
 * address (one subscriber usually owns a whole /64, and could rotate through it).
 */
export function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.split("::", 2);
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || "0").toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Whether the request arrived over TLS (or, with a trusted proxy, was HTTPS at the proxy). */
export function isSecureRequest(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  if (!trustProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}
