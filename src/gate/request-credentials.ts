// Reads what the gate's decision needs from one Express request: its credentials, its client, whether
// a person or a page's script is asking, and a signal for when it hangs up.
import type { Request } from "express";
import type { GateCredentials, HangUp } from "../auth/gate-decision";
import { parseCookies } from "../auth/parse-cookies";
import { clientAddress, clientKey } from "./client-address";

/** A person asking for a page: a GET or HEAD that accepts HTML. */
export function wantsHtml(req: Request): boolean {
  return (req.method === "GET" || req.method === "HEAD") && (req.headers.accept ?? "").includes("text/html");
}

/**
 * A request a browser page makes by itself (fetch/XHR, a page shell's set-up call, an image): the person
 * did not ask for it, so a Basic challenge would only pop up a password box they never expected.
 * Browsers mark these with Sec-Fetch-* (secure origins) or, on plain HTTP, send a Referer or Origin of
 * the page, which devices and scripts rarely do.
 */
export function isBrowserBackground(req: Request): boolean {
  const mode = req.headers["sec-fetch-mode"];
  if (typeof mode === "string") return mode !== "navigate";
  if (req.headers["sec-fetch-dest"] === "empty" || req.headers["x-requested-with"] !== undefined) return true;
  const accept = req.headers.accept ?? "";
  return !accept.includes("text/html") && (req.headers.referer !== undefined || req.headers.origin !== undefined);
}

/** The key brute-force limits count the request against. */
export function requestClient(req: Request, trustProxy: boolean): string {
  return clientKey(clientAddress(req, trustProxy));
}

/**
 * Runs a check that may wait for bcrypt, giving it a signal that aborts when the client hangs up. The
 * signal (and its listener) is made only when the check asks for it, not for credentials it remembers.
 */
export async function withHangUp<T>(req: Request, check: (hangUp: HangUp) => Promise<T>): Promise<T> {
  let gone: AbortController | undefined;
  const onClose = (): void => {
    if (!req.res?.writableFinished) gone?.abort();
  };
  const hangUp: HangUp = {
    get signal(): AbortSignal {
      if (!gone) {
        gone = new AbortController();
        req.res?.once("close", onClose);
        // It may have hung up while the lockout was read.
        if (req.socket.destroyed && !req.res?.writableFinished) gone.abort();
      }
      return gone.signal;
    },
  };
  try {
    return await check(hangUp);
  } finally {
    if (gone) req.res?.off("close", onClose);
  }
}

/** The credentials the request carries, for GateDecision. */
export function requestCredentials(req: Request, trustProxy: boolean, hangUp: HangUp): GateCredentials {
  const apiKey = req.headers["x-api-key"];
  return {
    cookies: parseCookies(req.headers.cookie),
    ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
    ...(typeof apiKey === "string" ? { apiKey } : {}),
    client: requestClient(req, trustProxy),
    wantsPage: wantsHtml(req),
    hangUp,
  };
}
