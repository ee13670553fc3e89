// Reads what the gate's decision needs from one Express request: its credentials, its client, whether
// a person or a page's script is asking, and a signal for when it hangs up.
import type { Request } from "express";
import type { GateCredentials, HangUp } from "../auth/gate-decision";
import { parseCookies } from "../auth/parse-cookies";
import { clientKeyOf } from "./client-address";

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
  return clientKeyOf(req, trustProxy);
}

/**
 * How a check learns that its client hung up: the signal (and its listener) is made only when the check
 * asks for it (a bcrypt is needed), not for credentials the verifier remembers.
 */
class RequestHangUp implements HangUp {
  private gone: AbortController | undefined;
  private onClose: (() => void) | undefined;

  constructor(private readonly req: Request) {}

  get signal(): AbortSignal {
    if (!this.gone) {
      const gone = new AbortController();
      const res = this.req.res;
      this.gone = gone;
      this.onClose = () => {
        if (!res?.writableFinished) gone.abort();
      };
      res?.once("close", this.onClose);
      // It may have hung up while the lockout was read.
      if (this.req.socket.destroyed && !res?.writableFinished) gone.abort();
    }
    return this.gone.signal;
  }

  /** Stops listening for the client's hang-up once the check is over. */
  release(): void {
    if (this.onClose) this.req.res?.off("close", this.onClose);
  }
}

/** Runs a check that may wait for bcrypt, with a hang-up signal that aborts when the client goes away. */
export async function withHangUp<T>(req: Request, check: (hangUp: HangUp) => Promise<T>): Promise<T> {
  const hangUp = new RequestHangUp(req);
  try {
    return await check(hangUp);
  } finally {
    hangUp.release();
  }
}

/** The credentials the request carries, for GateDecision. */
export function requestCredentials(
  req: Request,
  options: { readonly trustProxy: boolean; readonly method: string },
  hangUp: HangUp,
): GateCredentials {
  const apiKey = req.headers["x-api-key"];
  return {
    // A Basic-only gate has no sessions: its requests' cookies are not read.
    cookies: options.method === "basic" ? undefined : parseCookies(req.headers.cookie),
    authorization: req.headers.authorization,
    apiKey: typeof apiKey === "string" ? apiKey : undefined,
    client: clientKeyOf(req, options.trustProxy),
    wantsPage: wantsHtml(req),
    hangUp,
  };
}
