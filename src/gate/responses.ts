// How a gate answers: its login page, its refusals (held back a little for locked-out clients), the
// helmet headers on its own pages and on what it lets through, the login rate limit, and the passport
// strategy that checks the login form's password.
import { randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { Passport } from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import { type AuthenticatedUser, type Denial, REASON_TEXT, deny } from "../auth/decision";
import type { GateDecision } from "../auth/gate-decision";
import { type SharedStore } from "../auth/store";
import { rateLimit, type RateLimitRequestHandler, type Store as RateLimitStore } from "../vendor/express-rate-limit";
import { isSecureRequest } from "./client-address";
import { type GateOptions, cookie, cookiePathFor, nextTarget, sessionCookiePath, urlFor } from "./gate-options";
import { type LoginNotice, type LoginPageText, escapeHtml, renderLoginPage } from "./login-page";
import { isBrowserBackground, requestClient, wantsHtml, withHangUp } from "./request-credentials";
import { applyHeaderSteps, fixedHeaderSteps } from "./header-steps";
import { limiterStoreOf } from "./redis-limiter-store";

export const CSRF_COOKIE = "nrs_csrf";
/** Refusals a browser's page shows as the login page with this notice (the others keep their short answer). */
const BROWSER_NOTICE: Partial<Record<Denial["reason"], LoginNotice>> = {
  forbidden: "forbidden",
  locked: "locked",
  busy: "busy",
  "store-unavailable": "unavailable",
};
/** Locked-out clients wait this long for their 429, which slows a fixed pool of attacking connections. */
const TARPIT_MAX_MS = 2_000;
/** Above this many delayed answers, answer at once rather than hold more sockets. */
const TARPIT_MAX_HELD = 1_000;
let tarpitHeld = 0;

/** Runs `answer` now, or, for a locked-out client, after a short hold (bounded in time and count). */
export function answerAfterTarpit(req: Request, denial: Denial, answer: () => void): void {
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

/** One login page to send: its status, notice and step. */
export interface LoginPageRequest {
  status: number;
  notice?: LoginNotice;
  next?: string;
  username?: string;
  retryMinutes?: number;
  step?: "password" | "code";
}

/** The outcome of the login form's password check. */
export interface PasswordOutcome {
  user?: AuthenticatedUser;
  denial?: Denial;
}

interface LocalVerifyInfo {
  readonly denial: Denial;
}

/** Strict headers for the gate's own pages: a CSP that allows only their nonce-marked style and script. */
function ownPageHeaders(): RequestHandler {
  const nonce = (_req: unknown, res: unknown): string => `'nonce-${String((res as Response).locals.nrsNonce)}'`;
  return helmet({
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
}

/**
 * Responses it lets through get the headers that matter to any page (no MIME sniffing, no framing by
 * other sites, no leaking URLs to them) and none that could break a user's app or that only old
 * browsers read; every header is a cost on each request, too.
 */
function passThroughHeaders(): RequestHandler {
  return helmet({
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
}

export class GateResponses {
  private readonly passport = new Passport();
  private readonly loginLimiter: RateLimitRequestHandler;
  /** Limiters counting in a shared store, one per store: several instances share the limit. */
  private readonly sharedLimiters = new WeakMap<SharedStore, RateLimitRequestHandler>();
  private readonly ownHeaders = ownPageHeaders();
  private readonly passHeaders = passThroughHeaders();
  /** What passHeaders does, as fixed steps, when it depends on nothing in the request. */
  private readonly passHeaderSteps = fixedHeaderSteps(this.passHeaders);

  constructor(
    private readonly options: GateOptions,
    private readonly decision: GateDecision,
  ) {
    this.passport.use(
      "local",
      new LocalStrategy({ passReqToCallback: true, session: false }, (req, username, password, done) => {
        withHangUp(req, (hangUp) =>
          decision.checkPassword(
            username,
            password,
            { client: requestClient(req, options.trustProxy), hangUp },
            "form",
          ),
        )
          .then((result) => {
            if (result.allow) done(null, result.user);
            // passport passes this object through to our callback untouched.
            else
              done(null, false, { message: result.reason, denial: result } as LocalVerifyInfo & {
                message: string;
              });
          })
          .catch((err: unknown) => done(err));
      }),
    );
    this.loginLimiter = this.makeLimiter(undefined);
  }

  /** Humans do not post the login form 30 times a minute; scripts that do get 429 before any work. */
  private makeLimiter(store: RateLimitStore | undefined): RateLimitRequestHandler {
    return rateLimit({
      windowMs: 60_000,
      limit: 30,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: (req) => requestClient(req, this.options.trustProxy),
      handler: (req, res) => {
        this.sendLoginPage(req, res, { notice: "locked", status: 429, retryMinutes: 1 });
      },
      validate: false,
      ...(store ? { store } : {}),
    });
  }

  private limiterFor(): RateLimitRequestHandler {
    const ctx = this.decision.context();
    if ("allow" in ctx || ctx.sessions.store.kind === "memory") return this.loginLimiter;
    const { store } = ctx.sessions;
    let limiter = this.sharedLimiters.get(store);
    if (!limiter) {
      const shared = limiterStoreOf(store.limiterCommands(), `login:${this.options.loginPath}:`);
      limiter = shared ? this.makeLimiter(shared) : this.loginLimiter;
      this.sharedLimiters.set(store, limiter);
    }
    return limiter;
  }

  /** Resolves true when the request may go on, false when the limiter already answered it. */
  runLimiter(req: Request, res: Response): Promise<boolean> {
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

  /** Checks the login form's user name and password through passport (which reads them from req.body). */
  async checkLoginForm(req: Request, res: Response, username: string, password: string): Promise<PasswordOutcome> {
    // passport-local reads req.body; the credentials leave it again right after.
    (req as { body?: unknown }).body = { username, password };
    try {
      return await new Promise((resolve, reject) => {
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
  }

  /** Sends the login page (with a fresh anti-forgery token in a cookie), unless an answer went out already. */
  sendLoginPage(req: Request, res: Response, page: LoginPageRequest): void {
    if (res.headersSent) return;
    const csrf = randomBytes(24).toString("base64url");
    const secure = isSecureRequest(req, this.options.trustProxy);
    res.locals.nrsNonce = randomBytes(16).toString("base64");
    this.ownHeaders(req, res, () => undefined);
    res.set("Cache-Control", "no-store");
    res.append(
      "Set-Cookie",
      cookie(CSRF_COOKIE, csrf, cookiePathFor(req, this.options.loginPath), secure, 3600, "Strict"),
    );
    if (page.retryMinutes !== undefined && page.status === 429) res.set("Retry-After", String(page.retryMinutes * 60));
    const { loginPath } = this.options;
    res
      .status(page.status)
      .type("html")
      .send(
        renderLoginPage({
          title: this.options.title || "Node-RED",
          action: urlFor(req, this.options.formAction ?? loginPath),
          csrfToken: csrf,
          next: page.next ?? nextTarget(req, this.options, undefined),
          nonce: String(res.locals.nrsNonce),
          ...this.loginWords(req),
          ...(page.username === undefined ? {} : { username: page.username }),
          ...(page.notice === undefined ? {} : { notice: page.notice }),
          ...(page.retryMinutes === undefined ? {} : { retryMinutes: page.retryMinutes }),
          ...(page.step === "code" ? { step: "code" as const, restart: `${urlFor(req, loginPath)}?again=1` } : {}),
          ...(page.status === 401 || page.notice === "loggedOut"
            ? { forgetWorkersUnder: sessionCookiePath(req, this.options) }
            : {}),
        }),
      );
  }

  /** The login page's language and words for this visitor. */
  private loginWords(req: Request): { lang?: string; text: LoginPageText } {
    const source = this.options.text;
    return typeof source === "function" ? source(req.headers["accept-language"]) : { text: source };
  }

  /**
   * Adds the pass-through headers to a response the gate let through: `Cache-Control: no-store` (what
   * lies behind a login is not kept by the browser after logout; the app behind may still choose its own
   * caching) and, when asked, the security headers.
   */
  applyHeaders(req: Request, res: Response): void {
    if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
    // Where this visitor logs out, for the app behind (Dashboard 2's set-up call hands it to the page).
    if (this.options.method !== "basic") res.locals.nrsLogout = urlFor(req, this.options.logoutPath);
    if (this.options.securityHeaders) applyHeaderSteps(this.passHeaderSteps, this.passHeaders, req, res);
  }

  /** Answers a refused request (see AuthGate.respond), after the tarpit's hold for a locked-out client. */
  respond(req: Request, res: Response, denial: Denial): void {
    if (res.headersSent) return;
    answerAfterTarpit(req, denial, () => {
      this.sendRefusal(req, res, denial);
    });
  }

  private sendRefusal(req: Request, res: Response, denial: Denial): void {
    if (res.headersSent || res.writableEnded) return;
    const offersLogin = this.options.method !== "basic";
    if (denial.reason === "login-required" && wantsHtml(req) && offersLogin) {
      this.sendLoginPage(req, res, { status: 401, next: nextTarget(req, this.options, req.originalUrl) });
      return;
    }
    // A page opened in a browser that is refused for a reason the login page can word (a role it lacks,
    // a lockout, a busy or unreachable store): that page, in the visitor's language, with its status,
    // so a person can log in as somebody else or knows when to try again.
    const notice = BROWSER_NOTICE[denial.reason];
    if (notice !== undefined && wantsHtml(req) && offersLogin) {
      if (denial.retryAfterSeconds !== undefined) res.set("Retry-After", String(denial.retryAfterSeconds));
      this.sendLoginPage(req, res, {
        status: denial.status,
        notice,
        next: nextTarget(req, this.options, req.originalUrl),
        ...(notice === "locked" ? { retryMinutes: Math.max(1, Math.ceil((denial.retryAfterSeconds ?? 60) / 60)) } : {}),
      });
      return;
    }
    res.locals.nrsNonce = randomBytes(16).toString("base64");
    this.ownHeaders(req, res, () => undefined);
    res.set("Cache-Control", "no-store");
    if (denial.retryAfterSeconds !== undefined) res.set("Retry-After", String(denial.retryAfterSeconds));
    const challenge = this.options.method === "basic" || (this.options.method === "both" && !isBrowserBackground(req));
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
        ...(offersLogin && denial.status === 401 ? { login: urlFor(req, this.options.loginPath) } : {}),
      });
    }
  }
}
