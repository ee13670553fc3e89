// Removes the credentials a gate consumed from the request a flow will see (msg.req): a debug node or a
// template showing the request must not show a password, an API key or the session cookie.
import type { Request } from "express";
import { withoutCookie } from "../auth/parse-cookies";

/** Headers that carry credentials: Basic or Bearer, and API keys. */
const CREDENTIAL_HEADERS = /^(?:authorization|x-api-key)$/i;

/** Whether a raw header name is one that carries credentials (the length first: most names are not). */
function isCredentialHeader(name: string): boolean {
  return (name.length === 13 || name.length === 9) && CREDENTIAL_HEADERS.test(name);
}

export function scrubRequest(req: Request, cookieName: string | undefined): void {
  delete req.headers.authorization;
  delete req.headers["x-api-key"];
  const cookieHeader = req.headers.cookie;
  const cookieRest = cookieName ? withoutCookie(cookieHeader, cookieName) : undefined;
  // The raw list too: a debug node showing msg.req shows it. Copied only from the first pair that changes.
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    let kept: string[] | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] ?? "";
      const value = raw[i + 1] ?? "";
      let next: string | undefined = value;
      if (isCredentialHeader(name)) next = undefined;
      else if (cookieName && name.length === 6 && name.toLowerCase() === "cookie") {
        // One Cookie line is req.headers.cookie as it is: its rest is known already.
        next = value === cookieHeader ? cookieRest : withoutCookie(value, cookieName);
      }
      if (next !== value) kept ??= raw.slice(0, i);
      if (kept && next !== undefined) kept.push(name, next);
    }
    if (kept) req.rawHeaders = kept;
  }
  if (cookieName) {
    if (cookieRest === undefined) delete req.headers.cookie;
    else req.headers.cookie = cookieRest;
    const holder = req as { cookies?: Record<string, unknown> };
    // cookie-parser made this object for this request alone: the session cookie leaves it in place.
    if (holder.cookies && typeof holder.cookies === "object" && Object.hasOwn(holder.cookies, cookieName)) {
      Reflect.deleteProperty(holder.cookies, cookieName);
    }
  }
}
