// The live check's own requests: this instance asks itself, without credentials, what a stranger would
// get. They are refused like any stranger's, but must not look like an attack: no gate shows them in its
// status. They carry a per-process random token that only this process knows (kept on a global symbol,
// as the package may be loaded twice: once beside settings.js, once in the user directory).
import { randomBytes, timingSafeEqual } from "node:crypto";

export const SELF_CHECK_HEADER = "x-nrs-self-check";

const KEY = Symbol.for("node-red-contrib-security.self-check.v1");

/** This process's token (made on first use). */
export function selfCheckToken(): string {
  const holder = globalThis as unknown as Record<symbol, string | undefined>;
  let token = holder[KEY];
  if (token === undefined) {
    token = randomBytes(24).toString("base64url");
    holder[KEY] = token;
  }
  return token;
}

/** Whether a request is one of this process's own live checks (constant-time comparison). */
export function isSelfCheck(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const sent = headers[SELF_CHECK_HEADER];
  if (typeof sent !== "string" || sent.length === 0) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(selfCheckToken());
  return a.length === b.length && timingSafeEqual(a, b);
}
