// Where an auth-gate's login is valid: the gate's path, widened to the `http in` endpoints wired into
// it, and whether a request's address lies where the session cookie is sent.
import type { Request } from "express";
import { isUnder } from "../auth/gate-paths";
import type { AuthGate } from "../gate/auth-gate";
import { mountRoot } from "../gate/gate-options";
import { readTarget } from "../auth/request-target";

/** The URL paths of the `http in` nodes wired straight into a node (their configuration, as deployed). */
export function wiredHttpInUrls(
  eachNode: ((callback: (node: Readonly<Record<string, unknown>>) => void) => void) | undefined,
  id: string,
): string[] {
  const urls: string[] = [];
  eachNode?.((node) => {
    if (node.type !== "http in" || typeof node.url !== "string" || !Array.isArray(node.wires)) return;
    if (!(node.wires as unknown[]).some((port) => Array.isArray(port) && port.includes(id))) return;
    const url = node.url.startsWith("/") ? node.url : `/${node.url}`;
    urls.push(url);
  });
  return urls;
}

/** The longest path of whole segments that contains both ("/dashboard", "/api/x" → "/"). */
export function commonPath(a: string, b: string): string {
  const x = a.split("/").filter(Boolean);
  const y = b.split("/").filter(Boolean);
  const shared: string[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i]?.toLowerCase() !== y[i]?.toLowerCase()) break;
    shared.push(x[i] ?? "");
  }
  return `/${shared.join("/")}`;
}

/**
 * The path the session cookie must cover: the gate's path, widened just enough to contain the `http in`
 * endpoints wired into it (route parameters end the fixed part). Otherwise a browser that logs in would
 * come back to the endpoint without its cookie and be asked to log in again, for ever.
 */
export function cookiePathFor(scope: string, wiredUrls: readonly string[]): string {
  let path = scope;
  for (const url of wiredUrls) {
    const fixed = url.split(/[:*(?]/)[0] || "/";
    if (!isUnder(fixed.replace(/\/+$/, "") || "/", path)) path = commonPath(path, fixed);
  }
  return path;
}

/** Whether a browser's session cookie for this gate would reach the request's address. */
export function coveredByCookie(gate: AuthGate, req: Request): boolean {
  const root = mountRoot(req);
  // Every reading must be covered: a door that reads the address outside the cookie's path loses the cookie.
  return readTarget(req.originalUrl).readings.every((full) => {
    const path = root && isUnder(full, root) ? full.slice(root.length) || "/" : full;
    return isUnder(path, gate.options.cookiePath ?? gate.options.scope);
  });
}
