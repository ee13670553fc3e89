// Where to send a browser after login: only a path on this same site, never another origin.

const MAX_TARGET_LENGTH = 2048;
// eslint-disable-next-line no-control-regex
const UNSAFE_RE = /[\u0000-\u001f\u007f\\]/;

/** `target` when it is a same-origin path (e.g. "/ui/?tab=2"), otherwise `fallback`. */
export function safeRedirectTarget(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_TARGET_LENGTH) return fallback;
  // "//host" and "/\host" are protocol-relative URLs to another site; backslashes and control
  // characters are normalised away by browsers in surprising ways.
  if (!target.startsWith("/") || target.startsWith("//") || UNSAFE_RE.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, "http://same-origin.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://same-origin.invalid") return fallback;
  // Checked again after parsing: the parser resolves dot segments ("/.//evil.com", "/%2e//evil.com",
  // "/x/..//evil.com" all become "//evil.com"), and what it returns is what the browser gets.
  const result = `${url.pathname}${url.search}${url.hash}`;
  if (!result.startsWith("/") || result.startsWith("//") || UNSAFE_RE.test(result)) return fallback;
  return result;
}
