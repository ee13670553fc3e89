// How every guard reads a request's path: without its query, percent-escapes decoded, repeated slashes
// folded and case ignored (as Express routes), so "/%44ash//x?y" is judged as "/dash/x".

export function normaliseRequestPath(url: string | undefined): string {
  let path = (url ?? "/").split("?")[0] ?? "/";
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep the raw path: an undecodable path is compared as sent.
  }
  return path.replace(/\/{2,}/g, "/").toLowerCase();
}
