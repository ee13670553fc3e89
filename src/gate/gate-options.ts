// A gate's options as its HTTP layer takes them, checked and completed once; and the URLs, cookie paths
// and redirect targets it derives from them for one request.
import type { Request, Response } from "express";
import type { AuthenticatedUser } from "../auth/decision";
import type { GatePolicy } from "../auth/gate-decision";
import {
  GATE_METHODS,
  GateConfigError,
  SECOND_FACTOR_LOGIN_MS,
  isUnder,
  joinPath,
  normalisePath,
} from "../auth/gate-paths";
import { readTarget } from "../auth/request-target";
import type { LoginPageText } from "./login-page";
import type { LoginTextSource } from "./login-text";
import { safeRedirectTarget } from "./safe-redirect";

/** A gate's options: its policy (login methods, roles, second factor, login age: see GatePolicy), and more. */
export interface GateOptions extends GatePolicy {
  readonly realm: string;
  /** Title of the login page. */
  readonly title: string;
  /** The path the gate protects (and its session cookie is limited to), e.g. "/" or "/dashboard". */
  readonly scope: string;
  /**
   * The path the session cookie is sent to, when it must be wider than `scope`: a gate wired after an
   * `http in` whose URL lies outside its scope. Must contain the scope. Default: the scope.
   */
  readonly cookiePath?: string;
  readonly loginPath: string;
  readonly logoutPath: string;
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy you run). */
  readonly trustProxy: boolean;
  /** Add protective headers (nosniff, frame and referrer policy) to the responses it lets through. */
  readonly securityHeaders: boolean;
  /** The login page's words: fixed, or chosen per request from its Accept-Language (see login-text.ts). */
  readonly text: LoginPageText | LoginTextSource;
  /** Where the login form posts, when not to loginPath (the editor login posts to Node-RED's callback). */
  readonly formAction?: string;
  /** Ends a successful login instead of a session cookie and redirect (the editor login: Node-RED's token). */
  readonly completeLogin?: (
    req: Request,
    res: Response,
    user: AuthenticatedUser,
    secondFactor: boolean,
  ) => Promise<void>;
}

/** The options with their paths normalised and checked, and the defaults filled in; throws GateConfigError. */
export function resolveGateOptions(options: GateOptions): GateOptions {
  if (!(GATE_METHODS as readonly string[]).includes(options.method)) {
    const method: string = options.method;
    throw new GateConfigError(`method must be basic, form or both (got "${method}")`, "method", { method });
  }
  const scope = normalisePath(options.scope || "/", "scope");
  const cookiePath = normalisePath(options.cookiePath || scope, "cookie");
  if (!isUnder(scope, cookiePath)) {
    throw new GateConfigError(
      `The cookie path ${cookiePath} must contain the protected path ${scope}`,
      "cookieOutside",
      { cookiePath, scope },
    );
  }
  const loginPath = normalisePath(options.loginPath || joinPath(scope, "login"), "login");
  const logoutPath = normalisePath(options.logoutPath || joinPath(scope, "logout"), "logout");
  // The session cookie is limited to the scope: logout must be inside it to see the cookie.
  if (!isUnder(loginPath, scope) || !isUnder(logoutPath, scope)) {
    throw new GateConfigError(`The login and logout paths must be inside the protected path ${scope}`, "loginOutside", {
      scope,
    });
  }
  if (loginPath === logoutPath) throw new GateConfigError("The login and logout paths must differ", "loginIsLogout");
  const maxLoginMs =
    options.maxLoginMs !== undefined && options.maxLoginMs > 0
      ? options.maxLoginMs
      : options.requireSecondFactor === true
        ? SECOND_FACTOR_LOGIN_MS
        : undefined;
  return {
    ...options,
    scope,
    cookiePath,
    loginPath,
    logoutPath,
    realm: options.realm || "Node-RED",
    ...(maxLoginMs === undefined ? {} : { maxLoginMs }),
  };
}

/**
 * Where the gate's paths start in the URL: httpNodeRoot. The gate dispatcher notes it for each request,
 * as middleware mounted deeper (a dashboard's) sees a longer `baseUrl`.
 */
export function mountRoot(req: Request): string {
  const root = (req.res?.locals as { nrsRoot?: unknown } | undefined)?.nrsRoot;
  return typeof root === "string" ? root : req.baseUrl.replace(/\/+$/, "");
}

/** The full URL path of one of the gate's own routes, as the browser must request it. */
export function urlFor(req: Request, path: string): string {
  return `${mountRoot(req)}${path}`;
}

/** The Path of a cookie for one of the gate's paths. */
export function cookiePathFor(req: Request, path: string): string {
  return `${mountRoot(req)}${path}` || "/";
}

/** The Path of the session cookie. */
export function sessionCookiePath(req: Request, options: GateOptions): string {
  return cookiePathFor(req, options.cookiePath ?? options.scope);
}

/** A Set-Cookie value; always HttpOnly. */
export function cookie(
  name: string,
  value: string,
  path: string,
  secure: boolean,
  maxAgeSeconds: number,
  sameSite: string,
): string {
  return `${name}=${value}; Path=${path}; Max-Age=${String(maxAgeSeconds)}; HttpOnly; SameSite=${sameSite}${secure ? "; Secure" : ""}`;
}

/**
 * Where to go after login: a same-site path, never the gate's own login or logout page (which would
 * send the browser back and forth, or nest one login address in another's `next=`).
 */
export function nextTarget(req: Request, options: GateOptions, value: unknown): string {
  const fallback = urlFor(req, options.scope) || "/";
  const target = safeRedirectTarget(value, fallback);
  // Every way a door could read the target counts: none of them may be the login or logout page.
  const readings = readTarget(target.replace(/#.*$/, "")).readings.map((r) => r.replace(/\/+$/, "") || "/");
  const own = [options.loginPath, options.logoutPath].map((p) => urlFor(req, p).toLowerCase());
  return readings.some((r) => own.includes(r)) ? fallback : target;
}
