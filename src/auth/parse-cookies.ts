// Strict parsing of the Cookie header: any input gives a value, never an exception.

/** Longer Cookie headers are ignored as a whole. */
export const MAX_COOKIE_HEADER_LENGTH = 8192;

const NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE_RE = /^[\u0021\u0023-\u002b\u002d-\u003a\u003c-\u005b\u005d-\u007e]*$/;

/**
 * All values of each cookie name, in the order sent (browsers send the most specific path first).
 * Malformed pairs are skipped; an oversized or non-text header gives no cookies.
 */
export function parseCookies(header: unknown): ReadonlyMap<string, readonly string[]> {
  const cookies = new Map<string, string[]>();
  if (typeof header !== "string" || header.length === 0 || header.length > MAX_COOKIE_HEADER_LENGTH) return cookies;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!NAME_RE.test(name) || !VALUE_RE.test(value)) continue;
    const list = cookies.get(name);
    if (list) list.push(value);
    else cookies.set(name, [value]);
  }
  return cookies;
}

/** The Cookie header without the named cookie, or undefined when nothing is left. */
export function withoutCookie(header: unknown, name: string): string | undefined {
  if (typeof header !== "string") return undefined;
  const kept = header
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && p.slice(0, p.indexOf("=")).trim() !== name);
  return kept.length ? kept.join("; ") : undefined;
}
