// security.verifyClient(options) for settings.js `webSocketNodeVerifyClient`: `websocket in`/`out`
// listeners accept a connection only when its upgrade request carries a valid session cookie or Basic
// credentials, from a page of this site. Refused clients get 401/403/429 before the socket opens.
import type { IncomingMessage } from "node:http";
import { REASON_TEXT, deny } from "../auth/decision";
import {
  type CommonOptions,
  FactoryGate,
  optionsOf,
  type PathRule,
  pathRules,
  originAllowed,
  targetBelowRoot,
} from "./factory-gate";
import { refusalHeaders } from "./sockets";

export interface VerifyClientOptions extends CommonOptions {
  /** Listener paths (below httpNodeRoot) anyone may connect to. */
  readonly publicPaths?: readonly string[];
  /** Per-path roles, e.g. [{ path: "/ws/admin", roles: ["admin"] }]. */
  readonly rules?: readonly PathRule[];
  /** Other origins whose pages may open these websockets with the user's cookie, e.g. ["https://ha.local"]. */
  readonly allowedOrigins?: readonly string[];
}

export interface VerifyInfo {
  readonly origin?: string;
  readonly secure?: boolean;
  readonly req: IncomingMessage;
}

export type VerifyCallback = (ok: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;

/** ws's asynchronous verifyClient: `(info, callback)`. */
export type VerifyClient = ((info: VerifyInfo, callback: VerifyCallback) => void) & { readonly problem?: string };

export function verifyClient(options: VerifyClientOptions): VerifyClient {
  const given = optionsOf<VerifyClientOptions>(options);
  const rules = pathRules(given.rules, given.publicPaths);
  // A websocket has no login page: the session comes from a login elsewhere, devices send Basic.
  const factory = new FactoryGate("verifyClient", { ...(given as VerifyClientOptions), method: "both" }, rules, [
    "websocket",
  ]);
  const allowed = Array.isArray(given.allowedOrigins) ? given.allowedOrigins.filter((o) => typeof o === "string") : [];
  const realm = factory.gate.options.realm;

  const verify = (info: VerifyInfo, callback: VerifyCallback): void => {
    const req = info.req;
    // As Node-RED's listener picks its handler (url.parse): a target it could read another way is refused.
    const path = targetBelowRoot(req.url);
    if (factory.isPublic(path)) {
      callback(true);
      return;
    }
    // Cookies ride along on cross-site websocket handshakes: a page elsewhere must not use them.
    if (!originAllowed(req, factory.trustProxy, allowed)) {
      callback(false, 403, "Cross-origin websocket refused");
      return;
    }
    factory
      .decide(req, path)
      .then((decision) => {
        if (decision.allow) {
          const detach = factory.track(req, decision, () => req.socket.destroy());
          if (detach) req.socket.once("close", detach);
          callback(true);
        } else {
          callback(false, decision.status, REASON_TEXT[decision.reason], refusalHeaders(decision, realm, true));
        }
      })
      .catch(() => {
        callback(false, 503, REASON_TEXT[deny("not-configured").reason]);
      });
  };
  if (factory.problem !== undefined) Object.defineProperty(verify, "problem", { value: factory.problem });
  return verify;
}
