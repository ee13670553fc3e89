// One auth gate: decides whether a request may pass (session cookie or Basic credentials), answers
// the requests it refuses, and serves its own login and logout pages. Knows Express, not Node-RED.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { rateLimit, type RateLimitRequestHandler, type Store as RateLimitStore } from "../vendor/express-rate-limit";
import helmet from "helmet";
import { Passport } from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import { clientKeyOf, isSecureRequest } from "./client-address";
import { type AuthenticatedUser, type Decision, type Denial, REASON_TEXT, deny } from "./decision";
import { type LoginNotice, type LoginPageText, escapeHtml, renderLoginPage } from "./login-page";
import type { LoginTextSource } from "./login-text";
import { parseAuthorization } from "./parse-authorization";
import { parseCookies } from "./parse-cookies";
import { readForm } from "./read-form";
import { readTarget } from "./request-target";
import { safeRedirectTarget } from "./safe-redirect";
import { PENDING_LOGIN_MS } from "./second-factor";
import { type SharedStore, StoreUnavailableError } from "./store";
import type { UsersContext, UsersProvider } from "./users-context";

export const GATE_METHODS = ["basic", "form", "both"] as const;
export type GateMethod = (typeof GATE_METHODS)[number];

export interface GateOptions {
  /** "basic" for devices and scripts, "form" for browsers (login page), "both". */
  readonly method: GateMethod;
  readonly realm: string;
  /** A user needs one of these roles; empty: any logged-in user. */
  readonly roles: readonly string[];
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
  /** Users must log in with a second factor (an authenticator app); Basic is refused. API keys still pass. */
  readonly requireSecondFactor?: boolean;
  /**
   * This gate asks for a login again when a session is older than this, even if the users
   * configuration would keep it longer (default: 12 hours at gates that require a second factor).
   */
  readonly maxLoginMs?: number;
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

/** How long a login lasts at a gate that requires a second factor, unless set otherwise (ASVS 3.3.2, L2). */
export const SECOND_FACTOR_LOGIN_MS = 12 * 3_600_000;

export class GateConfigError extends Error {
  readonly code = "ERR_NRS_GATE_CONFIG";
}

const CSRF_COOKIE = "nrs_csrf";
/** Holds the token of a login waiting for its code (second factor). */
const PENDING_COOKIE = "nrs_2fa";
/** Locked-out clients wait this long for their 429, which slows a fixed pool of attacking connections. */
const TARPIT_MAX_MS = 2_000;
/** Above this many delayed answers, answer at once rather than hold more sockets. */
const TARPIT_MAX_HELD = 1_000;
let tarpitHeld = 0;

/** "/a/b/" → "/a/b"; "" → "/". Refuses anything that is not a plain absolute path. */
export function normalisePath(path: string, what: string): string {
  const trimmed = path.trim();
  if (!trimmed.startsWith("/") || /[\s?#\\]/.test(trimmed) || trimmed.includes("//")) {
    throw new GateConfigError(`${what} must be a path starting with "/" (got "${path}")`);
  }
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, "") : "/";
}

export function joinPath(base: string, tail: string): string {
  return base === "/" ? `/${tail}` : `${base}/${tail}`;
}

/** Whether `path` is `prefix` or below it, ignoring case as Express routing does. */
export function isUnder(path: string, prefix: string): boolean {
  if (prefix === "/") return true;
  const p = path.toLowerCase();
  const q = prefix.toLowerCase();
  return p === q || p.startsWith(`${q}/`);
}

/**
 * Where the gate's paths start in the URL: httpNodeRoot. The gate dispatcher notes it for each request,
 * as middleware mounted deeper (a dashboard's) sees a longer `baseUrl`.
 */
export function mountRoot(req: Request): string {
  const root = (req.res?.locals as { nrsRoot?: unknown } | undefined)?.nrsRoot;
  return typeof root === "string" ? root : req.baseUrl.replace(/\/+$/, "");
}

const cookieNames = new Map<string, string>();

/** The session cookie's name for a users configuration (computed once per id). */
export function sessionCookieName(usersId: string): string {
  let name = cookieNames.get(usersId);
  if (name === undefined) {
    name = `nrs_session_${createHash("sha256").update(usersId).digest("hex").slice(0, 10)}`;
    cookieNames.set(usersId, name);
  }
  return name;
}

/** Runs `answer` now, or, for a locked-out client, after a short hold (bounded in time and count). */
function answerAfterTarpit(req: Request, denial: Denial, answer: () => void): void {
  if (denial.reason !== "locked" || tarpitHeld >= TARPIT_MAX_HELD) {
    answer();
    return;
  }
  tarpitHeld += 1;
  setTimeout(
    () => {
      tarpitHeld -= 1;
      if (!req.socket.destroyed) answer();
    },
    Math.min(TARPIT_MAX_MS, (denial.retryAfterSeconds ?? 1) * 1000),
  );
}

function wantsHtml(req: Request): boolean {
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

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function cookie(
  name: string,
  value: string,
  path: string,
  secure: boolean,
  maxAgeSeconds: number,
  sameSite: string,
): string {
  return `${name}=${value}; Path=${path}; Max-Age=${String(maxAgeSeconds)}; HttpOnly; SameSite=${sameSite}${secure ? "; Secure" : ""}`;
}

type HeaderStep = readonly [name: string, value: number | string | readonly string[] | undefined];

/**
 * The headers a helmet middleware sets and removes, found once by running it against a stand-in response,
 * when that is all it does (no reading of the request, nothing that depends on it); undefined otherwise.
 * Replaying them costs a request a few setHeader calls instead of helmet's chain of middleware.
 */
export function fixedHeaderSteps(middleware: RequestHandler): readonly HeaderStep[] | undefined {
  const steps: HeaderStep[] = [];
  const only = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        if (!Object.hasOwn(object, property)) throw new Error(`reads ${String(property)}`);
        return Reflect.get(object, property) as unknown;
      },
    });
  const res = only({
    setHeader: (name: string, value: number | string | readonly string[]) => void steps.push([name, value]),
    removeHeader: (name: string) => void steps.push([name, undefined]),
  });
  const outcome = { passed: false };
  try {
    middleware(only({}) as unknown as Request, res as unknown as Response, (err?: unknown) => {
      outcome.passed = err === undefined;
    });
  } catch {
    return undefined;
  }
  return outcome.passed ? steps : undefined;
}

/**
 * The options of one request's password check. A client that hangs up while its check waits for bcrypt
 * has its check dropped: the signal is made only when the verifier asks for it (a bcrypt is needed), not
 * for the credentials it remembers.
 */
class RequestCheck {
  private gone: AbortController | undefined;
  private onClose: (() => void) | undefined;

  constructor(
    private readonly req: Request,
    readonly via: "basic" | "form",
  ) {}

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

interface LocalVerifyInfo {
  readonly denial: Denial;
}

export class AuthGate {
  readonly options: GateOptions;
  private readonly provider: UsersProvider;
  private readonly passport = new Passport();
  private readonly loginLimiter: RateLimitRequestHandler;
  /** Limiters counting in a shared store, one per store: several instances share the limit. */
  private readonly sharedLimiters = new WeakMap<SharedStore, RateLimitRequestHandler>();
  private readonly ownHeaders: RequestHandler;
  private readonly passHeaders: RequestHandler;
  /** What passHeaders does, as fixed steps, when it depends on nothing in the request. */
  private readonly passHeaderSteps: readonly HeaderStep[] | undefined;

  constructor(options: GateOptions, provider: UsersProvider) {
    if (!(GATE_METHODS as readonly string[]).includes(options.method)) {
      throw new GateConfigError(`method must be basic, form or both (got "${options.method as string}")`);
    }
    const scope = normalisePath(options.scope || "/", "The protected path");
    const cookiePath = normalisePath(options.cookiePath || scope, "The cookie path");
    if (!isUnder(scope, cookiePath)) {
      throw new GateConfigError(`The cookie path ${cookiePath} must contain the protected path ${scope}`);
    }
    const loginPath = normalisePath(options.loginPath || joinPath(scope, "login"), "The login path");
    const logoutPath = normalisePath(options.logoutPath || joinPath(scope, "logout"), "The logout path");
    // The session cookie is limited to the scope: logout must be inside it to see the cookie.
    if (!isUnder(loginPath, scope) || !isUnder(logoutPath, scope)) {
      throw new GateConfigError(`The login and logout paths must be inside the protected path ${scope}`);
    }
    if (loginPath === logoutPath) throw new GateConfigError("The login and logout paths must differ");
    const maxLoginMs =
      options.maxLoginMs !== undefined && options.maxLoginMs > 0
        ? options.maxLoginMs
        : options.requireSecondFactor === true
          ? SECOND_FACTOR_LOGIN_MS
          : undefined;
    this.options = {
      ...options,
      scope,
      cookiePath,
      loginPath,
      logoutPath,
      realm: options.realm || "Node-RED",
      ...(maxLoginMs === undefined ? {} : { maxLoginMs }),
    };
    this.provider = provider;

    this.passport.use(
      "local",
      new LocalStrategy({ passReqToCallback: true, session: false }, (req, username, password, done) => {
        this.verifyPassword(req, username, password, "form")
          .then((decision) => {
            if (decision.allow) done(null, decision.user);
            // passport passes this object through to our callback untouched.
            else
              done(null, false, { message: decision.reason, denial: decision } as LocalVerifyInfo & {
                message: string;
              });
          })
          .catch((err: unknown) => done(err));
      }),
    );

    this.loginLimiter = this.makeLimiter(undefined);

    const nonce = (_req: unknown, res: unknown): string => `'nonce-${String((res as Response).locals.nrsNonce)}'`;
    this.ownHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: [nonce],
          scriptSrc: [nonce],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      // HSTS can lock people out of a box with a self-signed certificate; it is the proxy's call.
      strictTransportSecurity: false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "same-origin" },
    });
    // Responses it lets through get the headers that matter to any page (no MIME sniffing, no framing
    // by other sites, no leaking URLs to them) and none that could break a user's app or that only
    // old browsers read; every header is a cost on each request, too.
    this.passHeaders = helmet({
      contentSecurityPolicy: false,
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
      xFrameOptions: { action: "sameorigin" },
      referrerPolicy: { policy: "same-origin" },
    });
    this.passHeaderSteps = fixedHeaderSteps(this.passHeaders);
  }

  /** Humans do not post the login form 30 times a minute; scripts that do get 429 before any work. */
  private makeLimiter(store: RateLimitStore | undefined): RateLimitRequestHandler {
    return rateLimit({
      windowMs: 60_000,
      limit: 30,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: (req) => clientKeyOf(req, this.options.trustProxy),
      handler: (req, res) => {
        this.sendLoginPage(req, res, { notice: "locked", status: 429, retryMinutes: 1 });
      },
      validate: false,
      ...(store ? { store } : {}),
    });
  }

  private limiterFor(): RateLimitRequestHandler {
    const ctx = this.context();
    if ("allow" in ctx || ctx.sessions.store.kind === "memory") return this.loginLimiter;
    const { store } = ctx.sessions;
    let limiter = this.sharedLimiters.get(store);
    if (!limiter) {
      const shared = store.rateLimitStore(`login:${this.options.loginPath}:`);
      limiter = shared ? this.makeLimiter(shared) : this.loginLimiter;
      this.sharedLimiters.set(store, limiter);
    }
    return limiter;
  }

  private context(): UsersContext | Denial {
    try {
      const ctx = this.provider();
      return ctx instanceof Error ? deny("not-configured") : ctx;
    } catch {
      return deny("not-configured");
    }
  }

  /** The users configuration now, when there is a usable one. */
  usersContext(): UsersContext | undefined {
    const ctx = this.context();
    return "allow" in ctx ? undefined : ctx;
  }

  private hasRole(user: AuthenticatedUser): boolean {
    return this.options.roles.length === 0 || user.roles.some((r) => this.options.roles.includes(r));
  }

  private cookiePath(req: Request, path: string): string {
    return `${mountRoot(req)}${path}` || "/";
  }

  private sessionCookiePath(req: Request): string {
    return this.cookiePath(req, this.options.cookiePath ?? this.options.scope);
  }

  /** The full URL path of one of the gate's own routes, as the browser must request it. */
  urlFor(req: Request, path: string): string {
    return `${mountRoot(req)}${path}`;
  }

  private async verifyPassword(
    req: Request,
    username: string,
    password: string,
    via: "basic" | "form",
  ): Promise<Decision> {
    const ctx = this.context();
    if ("allow" in ctx) return ctx;
    const client = clientKeyOf(req, this.options.trustProxy);
    const options = new RequestCheck(req, via);
    try {
      const decision = await ctx.verifier.verify(ctx.users, username, password, client, options);
      if (decision.allow && !this.hasRole(decision.user)) return deny("forbidden");
      return decision;
    } finally {
      options.release();
    }
  }

  /**
   * Decides whether a request may pass. Never responds and never throws on bad input; a store that does
   * not answer refuses everyone ("store unavailable") until it does.
   */
  async authenticate(req: Request): Promise<Decision> {
    const ctx = this.context();
    if ("allow" in ctx) return ctx;
    if (!ctx.sessions.available()) return deny("store-unavailable");
    try {
      return await this.decide(req, ctx);
    } catch (err) {
      if (err instanceof StoreUnavailableError) return deny("store-unavailable");
      throw err;
    }
  }

  private async decide(req: Request, ctx: UsersContext): Promise<Decision> {
    const { method, requireSecondFactor, maxLoginMs } = this.options;
    if (method !== "basic") {
      const values = parseCookies(req.headers.cookie).get(sessionCookieName(ctx.id)) ?? [];
      for (const value of values) {
        const session = await ctx.sessions.resolve(value, ctx.users);
        // A session from a login without a second factor does not open a gate that wants one, nor does
        // a login older than this gate accepts.
        if (
          session &&
          (session.secondFactor || requireSecondFactor !== true) &&
          (maxLoginMs === undefined || Date.now() - session.createdAt < maxLoginMs)
        ) {
          return this.hasRole(session.user)
            ? { allow: true, user: session.user, via: "session", sessionId: session.id }
            : deny("forbidden");
        }
      }
      if (method === "form") return deny("login-required");
    }
    const headerKey = req.headers["x-api-key"];
    if (typeof headerKey === "string" && headerKey.length > 0) return this.checkApiKey(ctx, headerKey);
    const auth = parseAuthorization(req.headers.authorization);
    if (auth.kind === "bearer") return this.checkApiKey(ctx, auth.token);
    if (auth.kind === "none") {
      return method === "both" && wantsHtml(req) ? deny("login-required") : deny("missing-credentials");
    }
    if (auth.kind === "invalid") return deny("malformed");
    // Basic cannot carry a code: a gate that wants a second factor says so without checking the password.
    if (requireSecondFactor === true) return deny("second-factor-required");
    const decision = await this.verifyPassword(req, auth.username, auth.password, "basic");
    // Nor may a password alone open the account of a user who has a second factor.
    if (decision.allow && ctx.users.find(decision.user.username)?.totp) return deny("second-factor-required");
    return decision;
  }

  /** An API key (Bearer or X-API-Key): a lookup, no bcrypt; 256 random bits leave nothing to guess. */
  private checkApiKey(ctx: UsersContext, presented: string): Decision {
    const result = ctx.apiKeys?.check(presented, ctx.users);
    // A token that is not one of ours (another system's Bearer token) counts as no credentials.
    if (!result || (!result.ok && result.reason === "malformed")) return deny("missing-credentials");
    if (!result.ok) return deny("bad-credentials");
    return this.hasRole(result.user) ? { allow: true, user: result.user, via: "api-key" } : deny("forbidden");
  }

  /**
   * Adds the pass-through headers to a response the gate let through: `Cache-Control: no-store` (what
   * lies behind a login is not kept by the browser after logout; the app behind may still choose its own
   * caching) and, when asked, the security headers.
   */
  applyHeaders(req: Request, res: Response): void {
    if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
    // Where this visitor logs out, for the app behind (Dashboard 2's set-up call hands it to the page).
    if (this.options.method !== "basic") res.locals.nrsLogout = this.urlFor(req, this.options.logoutPath);
    if (!this.options.securityHeaders) return;
    const steps = this.passHeaderSteps;
    if (!steps) {
      this.passHeaders(req, res, () => undefined);
      return;
    }
    for (const [name, value] of steps) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
  }

  /**
   * Answers a refused request. A person asking for a page gets the login page right there, at the address
   * they asked for (401, no redirect): a redirect to the login page's own address could be answered by a
   * service worker's cached page shell instead of the server, which then loops. Devices and scripts get a
   * Basic challenge (when the gate takes Basic), background requests of a browser page a plain 401 that
   * names the login page, and 403, 429 or 503 otherwise.
   */
  respond(req: Request, res: Response, denial: Denial): void {
    if (res.headersSent) return;
    const send = (): void => {
      if (res.headersSent || res.writableEnded) return;
      const offersLogin = this.options.method !== "basic";
      if (denial.reason === "login-required" && wantsHtml(req) && offersLogin) {
        this.sendLoginPage(req, res, { status: 401, next: this.nextTarget(req, req.originalUrl) });
        return;
      }
      res.locals.nrsNonce = randomBytes(16).toString("base64");
      this.ownHeaders(req, res, () => undefined);
      res.set("Cache-Control", "no-store");
      if (denial.retryAfterSeconds !== undefined) res.set("Retry-After", String(denial.retryAfterSeconds));
      const challenge =
        this.options.method === "basic" || (this.options.method === "both" && !isBrowserBackground(req));
      if (challenge && (denial.status === 401 || denial.reason === "malformed")) {
        res.set("WWW-Authenticate", `Basic realm="${this.options.realm.replace(/["\\]/g, "")}", charset="UTF-8"`);
      }
      const message = REASON_TEXT[denial.reason];
      if ((req.headers.accept ?? "").includes("text/html")) {
        res
          .status(denial.status)
          .type("html")
          .send(
            `<!doctype html><meta charset="utf-8"><title>${String(denial.status)}</title><p>${escapeHtml(message)}</p>`,
          );
      } else {
        res.status(denial.status).json({
          error: message,
          reason: denial.reason,
          ...(offersLogin && denial.status === 401 ? { login: this.urlFor(req, this.options.loginPath) } : {}),
        });
      }
    };
    answerAfterTarpit(req, denial, send);
  }

  /** Serves the login and logout routes; false when `path` is neither. */
  async handleOwnRoute(req: Request, res: Response, path: string): Promise<boolean> {
    const { loginPath, logoutPath, method } = this.options;
    // A Basic-only gate has no pages of its own: the browser's prompt is its login.
    if (method === "basic") return false;
    const action = this.options.formAction;
    if (action !== undefined && req.method === "POST" && path.toLowerCase() === action.toLowerCase()) {
      await this.login(req, res);
      return true;
    }
    if (path.toLowerCase() === loginPath.toLowerCase()) {
      if (req.method === "GET" || req.method === "HEAD") await this.showLogin(req, res);
      else if (req.method === "POST") await this.login(req, res);
      else res.status(405).set("Allow", "GET, HEAD, POST").end();
      return true;
    }
    if (path.toLowerCase() === logoutPath.toLowerCase()) {
      if (req.method === "GET" || req.method === "POST") await this.logout(req, res);
      else res.status(405).set("Allow", "GET, POST").end();
      return true;
    }
    return false;
  }

  /**
   * Where to go after login: a same-site path, never the gate's own login or logout page (which would
   * send the browser back and forth, or nest one login address in another's `next=`).
   */
  private nextTarget(req: Request, value: unknown): string {
    const fallback = this.urlFor(req, this.options.scope) || "/";
    const target = safeRedirectTarget(value, fallback);
    // Every way a door could read the target counts: none of them may be the login or logout page.
    const readings = readTarget(target.replace(/#.*$/, "")).readings.map((r) => r.replace(/\/+$/, "") || "/");
    const own = [this.options.loginPath, this.options.logoutPath].map((p) => this.urlFor(req, p).toLowerCase());
    return readings.some((r) => own.includes(r)) ? fallback : target;
  }

  private async showLogin(req: Request, res: Response): Promise<void> {
    const ctx = this.context();
    const query = req.query as Record<string, unknown>;
    if (!("allow" in ctx) && this.options.method !== "basic") {
      const decision = await this.authenticate(req);
      // Only a session moves the browser on: Basic credentials a browser keeps sending would otherwise
      // bounce it away from the login page it is shown after logging out.
      if (decision.allow && decision.via === "session") {
        res.redirect(303, this.nextTarget(req, query.next));
        return;
      }
    }
    if (!("allow" in ctx) && ctx.secondFactor && query.again !== "1") {
      const pending = await ctx.secondFactor.peek(this.pendingToken(req));
      if (pending) {
        this.sendLoginPage(req, res, { status: 200, step: "code", next: pending.next });
        return;
      }
    }
    this.sendLoginPage(req, res, {
      status: 200,
      next: this.nextTarget(req, query.next),
      ...(query.loggedOut === "1" ? { notice: "loggedOut" as const } : {}),
    });
  }

  private pendingToken(req: Request): string | undefined {
    return parseCookies(req.headers.cookie).get(PENDING_COOKIE)?.[0];
  }

  private pendingCookie(req: Request, token: string, maxAgeSeconds: number): string {
    const secure = isSecureRequest(req, this.options.trustProxy);
    return cookie(PENDING_COOKIE, token, this.cookiePath(req, this.options.loginPath), secure, maxAgeSeconds, "Strict");
  }

  private sendLoginPage(
    req: Request,
    res: Response,
    page: {
      status: number;
      notice?: LoginNotice;
      next?: string;
      username?: string;
      retryMinutes?: number;
      step?: "password" | "code";
    },
  ): void {
    if (res.headersSent) return;
    const csrf = randomBytes(24).toString("base64url");
    const secure = isSecureRequest(req, this.options.trustProxy);
    res.locals.nrsNonce = randomBytes(16).toString("base64");
    this.ownHeaders(req, res, () => undefined);
    res.set("Cache-Control", "no-store");
    res.append(
      "Set-Cookie",
      cookie(CSRF_COOKIE, csrf, this.cookiePath(req, this.options.loginPath), secure, 3600, "Strict"),
    );
    if (page.retryMinutes !== undefined && page.status === 429) res.set("Retry-After", String(page.retryMinutes * 60));
    res
      .status(page.status)
      .type("html")
      .send(
        renderLoginPage({
          title: this.options.title || "Node-RED",
          action: this.urlFor(req, this.options.formAction ?? this.options.loginPath),
          csrfToken: csrf,
          next: page.next ?? this.nextTarget(req, undefined),
          nonce: String(res.locals.nrsNonce),
          ...this.loginWords(req),
          ...(page.username === undefined ? {} : { username: page.username }),
          ...(page.notice === undefined ? {} : { notice: page.notice }),
          ...(page.retryMinutes === undefined ? {} : { retryMinutes: page.retryMinutes }),
          ...(page.step === "code"
            ? { step: "code" as const, restart: `${this.urlFor(req, this.options.loginPath)}?again=1` }
            : {}),
          ...(page.status === 401 || page.notice === "loggedOut"
            ? { forgetWorkersUnder: this.cookiePath(req, this.options.cookiePath ?? this.options.scope) }
            : {}),
        }),
      );
  }

  /** The login page's language and words for this visitor. */
  private loginWords(req: Request): { lang?: string; text: LoginPageText } {
    const source = this.options.text;
    return typeof source === "function" ? source(req.headers["accept-language"]) : { text: source };
  }

  /** Login CSRF defence: the form's token must match its cookie, and the post must come from this site. */
  private sameSiteForm(req: Request, token: string | undefined): boolean {
    if (req.headers["sec-fetch-site"] === "cross-site") return false;
    const origin = req.headers.origin;
    if (typeof origin === "string" && origin !== "null") {
      const forwardedHost = this.options.trustProxy ? req.headers["x-forwarded-host"] : undefined;
      const host = (typeof forwardedHost === "string" ? forwardedHost : req.headers.host) ?? "";
      try {
        if (new URL(origin).host.toLowerCase() !== host.toLowerCase()) return false;
      } catch {
        return false;
      }
    }
    const cookieToken = parseCookies(req.headers.cookie).get(CSRF_COOKIE) ?? [];
    return token !== undefined && cookieToken.some((c) => equalSecret(c, token));
  }

  /** Resolves true when the request may go on, false when the limiter already answered it. */
  private runLimiter(req: Request, res: Response): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const done = this.limiterFor()(req, res, (err?: unknown) => {
        if (err) reject(err instanceof Error ? err : new Error("rate limiter failed"));
        else resolve(true);
      }) as unknown as Promise<void> | undefined;
      void Promise.resolve(done).then(() => {
        if (res.headersSent) resolve(false);
      }, reject);
    });
  }

  private async login(req: Request, res: Response): Promise<void> {
    try {
      await this.loginSteps(req, res);
    } catch (err) {
      // A shared store's rate limiter fails the same way (its commands throw StoreUnavailableError).
      if (!(err instanceof StoreUnavailableError)) throw err;
      // Fail closed, and say so: nobody logs in while sessions and lockouts cannot be kept.
      this.sendLoginPage(req, res, { status: 503, notice: "unavailable" });
    }
  }

  private async loginSteps(req: Request, res: Response): Promise<void> {
    const ctx = this.context();
    if (!("allow" in ctx) && !ctx.sessions.available()) throw new StoreUnavailableError("store unavailable");
    if (!(await this.runLimiter(req, res))) return;
    const form = await readForm(req);
    if (!form.ok) {
      this.sendLoginPage(req, res, { status: form.status, notice: "formError" });
      return;
    }
    const field = (name: string): string | undefined => form.fields.get(name);
    if (field("step") === "code") {
      await this.codeStep(req, res, field);
      return;
    }
    const next = this.nextTarget(req, field("next"));
    const username = field("username") ?? "";
    const password = field("password") ?? "";
    if (!this.sameSiteForm(req, field("csrf"))) {
      this.sendLoginPage(req, res, { status: 403, notice: "expired", next });
      return;
    }
    if (username.length === 0 || password.length === 0 || username.length > 256) {
      this.sendLoginPage(req, res, { status: 400, notice: "wrong", next, username: username.slice(0, 256) });
      return;
    }
    // passport-local reads req.body; the credentials leave it again right after.
    (req as { body?: unknown }).body = { username, password };
    let outcome: { user?: AuthenticatedUser; denial?: Denial };
    try {
      outcome = await new Promise((resolve, reject) => {
        const handler = this.passport.authenticate(
          "local",
          { session: false },
          (err: unknown, user: AuthenticatedUser | false, info?: Partial<LocalVerifyInfo>) => {
            if (err) reject(err instanceof Error ? err : new Error("login check failed"));
            else if (user) resolve({ user });
            else resolve({ denial: info?.denial ?? deny("bad-credentials") });
          },
        ) as RequestHandler;
        handler(req, res, (err?: unknown) => {
          reject(err instanceof Error ? err : new Error("login failed"));
        });
      });
    } finally {
      (req as { body?: unknown }).body = undefined;
    }
    if (outcome.user) {
      await this.afterPassword(req, res, outcome.user, next);
      return;
    }
    const denial = outcome.denial ?? deny("bad-credentials");
    const notice: LoginNotice =
      denial.reason === "locked"
        ? "locked"
        : denial.reason === "busy"
          ? "busy"
          : denial.reason === "forbidden"
            ? "forbidden"
            : denial.reason === "not-configured"
              ? "formError"
              : denial.reason === "store-unavailable"
                ? "unavailable"
                : "wrong";
    const show = (): void => {
      this.sendLoginPage(req, res, {
        status: denial.status,
        notice,
        next,
        username,
        ...(denial.retryAfterSeconds === undefined ? {} : { retryMinutes: Math.ceil(denial.retryAfterSeconds / 60) }),
      });
    };
    answerAfterTarpit(req, denial, show);
  }

  /** The password was right: log in, or ask for the code of the user's authenticator app first. */
  private async afterPassword(req: Request, res: Response, user: AuthenticatedUser, next: string): Promise<void> {
    const ctx = this.context();
    if ("allow" in ctx) throw new Error("users configuration vanished during login");
    const record = ctx.users.find(user.username);
    if (record?.totp && ctx.secondFactor) {
      const token = await ctx.secondFactor.begin(user.username, next);
      res.append("Set-Cookie", this.pendingCookie(req, token, Math.floor(PENDING_LOGIN_MS / 1000)));
      this.sendLoginPage(req, res, { status: 200, step: "code", next });
      return;
    }
    if (this.options.requireSecondFactor === true) {
      this.sendLoginPage(req, res, { status: 403, notice: "secondFactorMissing", next, username: user.username });
      return;
    }
    await this.finishLogin(req, res, user, false, next);
  }

  /** The second step: the code from the authenticator app (or a recovery code) of a pending login. */
  private async codeStep(req: Request, res: Response, field: (name: string) => string | undefined): Promise<void> {
    const ctx = this.context();
    const token = this.pendingToken(req);
    if ("allow" in ctx || !ctx.secondFactor) {
      this.sendLoginPage(req, res, { status: 503, notice: "formError" });
      return;
    }
    if (!this.sameSiteForm(req, field("csrf"))) {
      this.sendLoginPage(req, res, { status: 403, notice: "expired", step: "code" });
      return;
    }
    const client = clientKeyOf(req, this.options.trustProxy);
    const pending = await ctx.secondFactor.peek(token);
    if (pending) {
      const lock = await ctx.verifier.lockState(pending.username, client);
      if (lock) {
        const minutes = Math.ceil((lock.retryAfterSeconds ?? 60) / 60);
        answerAfterTarpit(req, lock, () => {
          this.sendLoginPage(req, res, { status: 429, notice: "locked", step: "code", retryMinutes: minutes });
        });
        return;
      }
    }
    const result = await ctx.secondFactor.check(token, ctx.users, field("code") ?? "");
    if (result.ok) {
      res.append("Set-Cookie", this.pendingCookie(req, "", 0));
      const user = { username: result.user.username, roles: result.user.roles };
      if (!this.hasRole(user)) {
        this.sendLoginPage(req, res, { status: 403, notice: "forbidden" });
        return;
      }
      await ctx.verifier.succeeded(user.username);
      await this.finishLogin(req, res, user, true, this.nextTarget(req, result.next));
      return;
    }
    // A wrong code counts as a failed login for the user and the client, like a wrong password.
    if (result.username !== undefined) await ctx.verifier.failed(result.username, client);
    if (result.reason === "wrong") {
      this.sendLoginPage(req, res, { status: 401, notice: "codeWrong", step: "code" });
      return;
    }
    res.append("Set-Cookie", this.pendingCookie(req, "", 0));
    this.sendLoginPage(req, res, {
      status: 401,
      notice: "codeExpired",
      ...(result.next === undefined ? {} : { next: this.nextTarget(req, result.next) }),
      ...(result.username === undefined ? {} : { username: result.username }),
    });
  }

  private async finishLogin(
    req: Request,
    res: Response,
    user: AuthenticatedUser,
    secondFactor: boolean,
    next: string,
  ): Promise<void> {
    if (this.options.completeLogin) return this.options.completeLogin(req, res, user, secondFactor);
    await this.startSession(req, res, user, secondFactor);
    res.redirect(303, next);
  }

  private async startSession(
    req: Request,
    res: Response,
    user: AuthenticatedUser,
    secondFactor: boolean,
  ): Promise<void> {
    const ctx = this.context();
    if ("allow" in ctx) throw new Error("users configuration vanished during login");
    const name = sessionCookieName(ctx.id);
    // A new id at every login: a session id planted before login is worthless afterwards.
    for (const old of parseCookies(req.headers.cookie).get(name) ?? []) await ctx.sessions.destroy(old);
    const value = await ctx.sessions.create(user.username, ctx.users.find(user.username)?.hash, secondFactor);
    const secure = isSecureRequest(req, this.options.trustProxy);
    res.set("Cache-Control", "no-store");
    res.append("Set-Cookie", cookie(name, value, this.sessionCookiePath(req), secure, this.cookieMaxAge(ctx), "Lax"));
    res.append(
      "Set-Cookie",
      cookie(CSRF_COOKIE, "", this.cookiePath(req, this.options.loginPath), secure, 0, "Strict"),
    );
  }

  /** The session cookie lives as long as the session, or as this gate accepts it when that is shorter. */
  private cookieMaxAge(ctx: UsersContext): number {
    const { maxLoginMs } = this.options;
    const own = maxLoginMs === undefined ? Infinity : Math.floor(maxLoginMs / 1000);
    return Math.max(1, Math.min(ctx.sessions.maxAgeSeconds, own));
  }

  private async logout(req: Request, res: Response): Promise<void> {
    const ctx = this.context();
    const secure = isSecureRequest(req, this.options.trustProxy);
    let ended = true;
    if (!("allow" in ctx)) {
      const name = sessionCookieName(ctx.id);
      for (const value of parseCookies(req.headers.cookie).get(name) ?? []) {
        try {
          await ctx.sessions.destroy(value);
        } catch (err) {
          if (!(err instanceof StoreUnavailableError)) throw err;
          ended = false;
        }
      }
      res.append("Set-Cookie", cookie(name, "", this.sessionCookiePath(req), secure, 0, "Lax"));
    }
    res.set("Cache-Control", "no-store");
    // What the browser kept of this site goes too: its HTTP cache and the back/forward copies of pages.
    // (Secure origins only — the only ones where service workers exist.) The page below unregisters the
    // service workers of the protected path itself: "storage" would also wipe every other app's storage
    // on this origin, the Node-RED editor's login among them.
    res.set("Clear-Site-Data", '"cache"');
    if (!ended) {
      // The cookie is gone from this browser, but the session could not be ended in the store.
      this.sendLoginPage(req, res, { status: 503, notice: "unavailable" });
      return;
    }
    // The login page right here, not a redirect to it: a service worker would answer that redirect's
    // address from its cache with the page shell of the app just left.
    this.sendLoginPage(req, res, { status: 200, notice: "loggedOut", next: this.nextTarget(req, undefined) });
  }

  /** Express middleware that guards every request it sees (the gate's path-scope mode). */
  readonly guard = (req: Request, res: Response, next: NextFunction): void => {
    // A CORS preflight carries no credentials by design; let it reach the CORS handler.
    if (req.method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"]) {
      next();
      return;
    }
    this.authenticate(req)
      .then((decision) => {
        if (decision.allow) {
          (req as { user?: AuthenticatedUser }).user = decision.user;
          this.applyHeaders(req, res);
          next();
        } else {
          this.respond(req, res, decision);
        }
      })
      .catch(() => {
        this.respond(req, res, deny("not-configured"));
      });
  };
}
