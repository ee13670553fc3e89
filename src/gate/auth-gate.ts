// One auth gate over Express: lets a request pass (session cookie, Basic credentials or API key, as
// GateDecision decides), answers the requests it refuses, and serves its own login and logout pages.
import type { NextFunction, Request, Response } from "express";
import { type AuthenticatedUser, type Decision, type Denial, deny } from "../auth/decision";
import { GateDecision } from "../auth/gate-decision";
import type { UsersContext, UsersProvider } from "../auth/users-context";
import { type GateOptions, resolveGateOptions, urlFor } from "./gate-options";
import { LoginFlow } from "./login-flow";
import { requestCredentials, withHangUp } from "./request-credentials";
import { GateResponses } from "./responses";

export class AuthGate {
  readonly options: GateOptions;
  private readonly decision: GateDecision;
  private readonly responses: GateResponses;
  private readonly loginFlow: LoginFlow;

  /** Throws GateConfigError for a method or paths it cannot use. */
  constructor(options: GateOptions, provider: UsersProvider) {
    this.options = resolveGateOptions(options);
    this.decision = new GateDecision(this.options, provider);
    this.responses = new GateResponses(this.options, this.decision);
    this.loginFlow = new LoginFlow(this.options, this.decision, this.responses, (req) => this.authenticate(req));
  }

  /** The users configuration now, when there is a usable one. */
  usersContext(): UsersContext | undefined {
    const ctx = this.decision.context();
    return "allow" in ctx ? undefined : ctx;
  }

  /** The full URL path of one of the gate's own routes, as the browser must request it. */
  urlFor(req: Request, path: string): string {
    return urlFor(req, path);
  }

  /**
   * Decides whether a request may pass. Never responds and never throws on bad input; a store that does
   * not answer refuses everyone ("store unavailable") until it does.
   */
  authenticate(req: Request): Promise<Decision> {
    return withHangUp(req, (hangUp) => this.decision.decide(requestCredentials(req, this.options, hangUp)));
  }

  /**
   * Adds the pass-through headers to a response the gate let through: `Cache-Control: no-store` (what
   * lies behind a login is not kept by the browser after logout; the app behind may still choose its own
   * caching) and, when asked, the security headers.
   */
  applyHeaders(req: Request, res: Response): void {
    this.responses.applyHeaders(req, res);
  }

  /**
   * Answers a refused request. A person asking for a page gets the login page right there, at the address
   * they asked for (401, no redirect): a redirect to the login page's own address could be answered by a
   * service worker's cached page shell instead of the server, which then loops. Devices and scripts get a
   * Basic challenge (when the gate takes Basic), background requests of a browser page a plain 401 that
   * names the login page, and 403, 429 or 503 otherwise.
   */
  respond(req: Request, res: Response, denial: Denial): void {
    this.responses.respond(req, res, denial);
  }

  /** Serves the login and logout routes; false when `path` is neither. */
  async handleOwnRoute(req: Request, res: Response, path: string): Promise<boolean> {
    const { loginPath, logoutPath, method } = this.options;
    // A Basic-only gate has no pages of its own: the browser's prompt is its login.
    if (method === "basic") return false;
    const action = this.options.formAction;
    if (action !== undefined && req.method === "POST" && path.toLowerCase() === action.toLowerCase()) {
      await this.loginFlow.login(req, res);
      return true;
    }
    if (path.toLowerCase() === loginPath.toLowerCase()) {
      if (req.method === "GET" || req.method === "HEAD") await this.loginFlow.showLogin(req, res);
      else if (req.method === "POST") await this.loginFlow.login(req, res);
      else res.status(405).set("Allow", "GET, HEAD, POST").end();
      return true;
    }
    if (path.toLowerCase() === logoutPath.toLowerCase()) {
      if (req.method === "GET" || req.method === "POST") await this.loginFlow.logout(req, res);
      else res.status(405).set("Allow", "GET, POST").end();
      return true;
    }
    return false;
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
