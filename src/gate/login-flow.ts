// A gate's login and logout pages: the login form (with its anti-forgery token and rate limit), the
// code step for users with an authenticator app, starting a session, and logging out.
import { timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { type AuthenticatedUser, type Decision, type Denial, deny } from "../auth/decision";
import type { GateDecision } from "../auth/gate-decision";
import { sessionCookieName } from "../auth/gate-paths";
import { parseCookies } from "../auth/parse-cookies";
import { PENDING_LOGIN_MS } from "../auth/second-factor";
import { StoreUnavailableError } from "../auth/store";
import type { UsersContext } from "../auth/users-context";
import { isSecureRequest } from "./client-address";
import { type GateOptions, cookie, cookiePathFor, nextTarget, sessionCookiePath } from "./gate-options";
import type { LoginNotice } from "./login-page";
import { readForm } from "./read-form";
import { requestClient } from "./request-credentials";
import { CSRF_COOKIE, type GateResponses, answerAfterTarpit } from "./responses";

/** Holds the token of a login waiting for its code (second factor). */
const PENDING_COOKIE = "nrs_2fa";

/** The notice the login page shows for a refused password. */
const DENIAL_NOTICE: Partial<Record<Denial["reason"], LoginNotice>> = {
  locked: "locked",
  busy: "busy",
  forbidden: "forbidden",
  "not-configured": "formError",
  "store-unavailable": "unavailable",
};

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

type Field = (name: string) => string | undefined;

export class LoginFlow {
  constructor(
    private readonly options: GateOptions,
    private readonly decision: GateDecision,
    private readonly responses: GateResponses,
    /** The gate's decision for a request (a session already there skips the login page). */
    private readonly authenticate: (req: Request) => Promise<Decision>,
  ) {}

  private next(req: Request, value: unknown): string {
    return nextTarget(req, this.options, value);
  }

  private page(req: Request, res: Response, page: Parameters<GateResponses["sendLoginPage"]>[2]): void {
    this.responses.sendLoginPage(req, res, page);
  }

  /** GET of the login page: on to the target when a session is there, the code step of a pending login, or the form. */
  async showLogin(req: Request, res: Response): Promise<void> {
    const ctx = this.decision.context();
    const query = req.query as Record<string, unknown>;
    if (!("allow" in ctx) && this.options.method !== "basic") {
      const decision = await this.authenticate(req);
      // Only a session moves the browser on: Basic credentials a browser keeps sending would otherwise
      // bounce it away from the login page it is shown after logging out.
      if (decision.allow && decision.via === "session") {
        res.redirect(303, this.next(req, query.next));
        return;
      }
    }
    if (!("allow" in ctx) && ctx.secondFactor && query.again !== "1") {
      const pending = await ctx.secondFactor.peek(this.pendingToken(req));
      if (pending) {
        this.page(req, res, { status: 200, step: "code", next: pending.next });
        return;
      }
    }
    this.page(req, res, {
      status: 200,
      next: this.next(req, query.next),
      ...(query.loggedOut === "1" ? { notice: "loggedOut" as const } : {}),
    });
  }

  private pendingToken(req: Request): string | undefined {
    return parseCookies(req.headers.cookie).get(PENDING_COOKIE)?.[0];
  }

  private pendingCookie(req: Request, token: string, maxAgeSeconds: number): string {
    const secure = isSecureRequest(req, this.options.trustProxy);
    return cookie(PENDING_COOKIE, token, cookiePathFor(req, this.options.loginPath), secure, maxAgeSeconds, "Strict");
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

  /** POST of the login form (either step). */
  async login(req: Request, res: Response): Promise<void> {
    try {
      await this.loginSteps(req, res);
    } catch (err) {
      // A shared store's rate limiter fails the same way (its commands throw StoreUnavailableError).
      if (!(err instanceof StoreUnavailableError)) throw err;
      // Fail closed, and say so: nobody logs in while sessions and lockouts cannot be kept.
      this.page(req, res, { status: 503, notice: "unavailable" });
    }
  }

  private async loginSteps(req: Request, res: Response): Promise<void> {
    const ctx = this.decision.context();
    if (!("allow" in ctx) && !ctx.sessions.available()) throw new StoreUnavailableError("store unavailable");
    if (!(await this.responses.runLimiter(req, res))) return;
    const form = await readForm(req);
    if (!form.ok) {
      this.page(req, res, { status: form.status, notice: "formError" });
      return;
    }
    const field: Field = (name) => form.fields.get(name);
    if (field("step") === "code") await this.codeStep(req, res, field);
    else await this.passwordStep(req, res, field);
  }

  private async passwordStep(req: Request, res: Response, field: Field): Promise<void> {
    const next = this.next(req, field("next"));
    const username = field("username") ?? "";
    const password = field("password") ?? "";
    if (!this.sameSiteForm(req, field("csrf"))) {
      this.page(req, res, { status: 403, notice: "expired", next });
      return;
    }
    if (username.length === 0 || password.length === 0 || username.length > 256) {
      this.page(req, res, { status: 400, notice: "wrong", next, username: username.slice(0, 256) });
      return;
    }
    const outcome = await this.responses.checkLoginForm(req, res, username, password);
    if (outcome.user) {
      await this.afterPassword(req, res, outcome.user, next);
      return;
    }
    const denial = outcome.denial ?? deny("bad-credentials");
    answerAfterTarpit(req, denial, () => {
      this.page(req, res, {
        status: denial.status,
        notice: DENIAL_NOTICE[denial.reason] ?? "wrong",
        next,
        username,
        ...(denial.retryAfterSeconds === undefined ? {} : { retryMinutes: Math.ceil(denial.retryAfterSeconds / 60) }),
      });
    });
  }

  /** The password was right: log in, or ask for the code of the user's authenticator app first. */
  private async afterPassword(req: Request, res: Response, user: AuthenticatedUser, next: string): Promise<void> {
    const ctx = this.decision.context();
    if ("allow" in ctx) throw new Error("users configuration vanished during login");
    const record = ctx.users.find(user.username);
    if (record?.totp && ctx.secondFactor) {
      const token = await ctx.secondFactor.begin(user.username, next);
      res.append("Set-Cookie", this.pendingCookie(req, token, Math.floor(PENDING_LOGIN_MS / 1000)));
      this.page(req, res, { status: 200, step: "code", next });
      return;
    }
    if (this.options.requireSecondFactor === true) {
      this.page(req, res, { status: 403, notice: "secondFactorMissing", next, username: user.username });
      return;
    }
    await this.finishLogin(req, res, user, false, next);
  }

  /** The second step: the code from the authenticator app (or a recovery code) of a pending login. */
  private async codeStep(req: Request, res: Response, field: Field): Promise<void> {
    const ctx = this.decision.context();
    const token = this.pendingToken(req);
    if ("allow" in ctx || !ctx.secondFactor) {
      this.page(req, res, { status: 503, notice: "formError" });
      return;
    }
    if (!this.sameSiteForm(req, field("csrf"))) {
      this.page(req, res, { status: 403, notice: "expired", step: "code" });
      return;
    }
    const client = requestClient(req, this.options.trustProxy);
    const pending = await ctx.secondFactor.peek(token);
    if (pending) {
      const lock = await ctx.verifier.lockState(pending.username, client);
      if (lock) {
        const minutes = Math.ceil((lock.retryAfterSeconds ?? 60) / 60);
        answerAfterTarpit(req, lock, () => {
          this.page(req, res, { status: 429, notice: "locked", step: "code", retryMinutes: minutes });
        });
        return;
      }
    }
    const result = await ctx.secondFactor.check(token, ctx.users, field("code") ?? "");
    if (result.ok) {
      res.append("Set-Cookie", this.pendingCookie(req, "", 0));
      const user = { username: result.user.username, roles: result.user.roles };
      if (!this.decision.hasRole(user)) {
        this.page(req, res, { status: 403, notice: "forbidden" });
        return;
      }
      await ctx.verifier.succeeded(user.username);
      await this.finishLogin(req, res, user, true, this.next(req, result.next));
      return;
    }
    // A wrong code counts as a failed login for the user and the client, like a wrong password.
    if (result.username !== undefined) await ctx.verifier.failed(result.username, client);
    if (result.reason === "wrong") {
      this.page(req, res, { status: 401, notice: "codeWrong", step: "code" });
      return;
    }
    res.append("Set-Cookie", this.pendingCookie(req, "", 0));
    this.page(req, res, {
      status: 401,
      notice: "codeExpired",
      ...(result.next === undefined ? {} : { next: this.next(req, result.next) }),
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
    const ctx = this.decision.context();
    if ("allow" in ctx) throw new Error("users configuration vanished during login");
    const name = sessionCookieName(ctx.id);
    // A new id at every login: a session id planted before login is worthless afterwards.
    for (const old of parseCookies(req.headers.cookie).get(name) ?? []) await ctx.sessions.destroy(old);
    const value = await ctx.sessions.create(user.username, ctx.users.find(user.username)?.hash, secondFactor);
    const secure = isSecureRequest(req, this.options.trustProxy);
    res.set("Cache-Control", "no-store");
    res.append(
      "Set-Cookie",
      cookie(name, value, sessionCookiePath(req, this.options), secure, this.cookieMaxAge(ctx), "Lax"),
    );
    res.append("Set-Cookie", cookie(CSRF_COOKIE, "", cookiePathFor(req, this.options.loginPath), secure, 0, "Strict"));
  }

  /** The session cookie lives as long as the session, or as this gate accepts it when that is shorter. */
  private cookieMaxAge(ctx: UsersContext): number {
    const { maxLoginMs } = this.options;
    const own = maxLoginMs === undefined ? Infinity : Math.floor(maxLoginMs / 1000);
    return Math.max(1, Math.min(ctx.sessions.maxAgeSeconds, own));
  }

  /** GET or POST of the logout page: ends the session, forgets the cookie, shows the login page. */
  async logout(req: Request, res: Response): Promise<void> {
    const ctx = this.decision.context();
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
      res.append("Set-Cookie", cookie(name, "", sessionCookiePath(req, this.options), secure, 0, "Lax"));
    }
    res.set("Cache-Control", "no-store");
    // What the browser kept of this site goes too: its HTTP cache and the back/forward copies of pages.
    // (Secure origins only — the only ones where service workers exist.) The page below unregisters the
    // service workers of the protected path itself: "storage" would also wipe every other app's storage
    // on this origin, the Node-RED editor's login among them.
    res.set("Clear-Site-Data", '"cache"');
    if (!ended) {
      // The cookie is gone from this browser, but the session could not be ended in the store.
      this.page(req, res, { status: 503, notice: "unavailable" });
      return;
    }
    // The login page right here, not a redirect to it: a service worker would answer that redirect's
    // address from its cache with the page shell of the app just left.
    this.page(req, res, { status: 200, notice: "loggedOut", next: this.next(req, undefined) });
  }
}
