// security.httpNode(options) for settings.js `httpNodeMiddleware`: Node-RED runs it in front of each
// `http in` route (not dashboards or static files: see security.dashboard). Sessions, login page and
// lockout are the auth gate's; the login and logout pages are served by the package's gate dispatcher.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { AuthenticatedUser } from "../auth/decision";
import { type CommonOptions, FactoryGate, optionsOf, type PathRule, pathRules, targetBelowRoot } from "./factory-gate";

export interface HttpNodeOptions extends CommonOptions {
  /** Paths (below httpNodeRoot) anyone may call, with everything below them, e.g. ["/health"]. */
  readonly publicPaths?: readonly string[];
  /** Per-path roles, e.g. [{ path: "/admin", roles: ["admin"] }]; the most specific path wins. */
  readonly rules?: readonly PathRule[];
}

/** A middleware function that also says why it refuses everything, if it does. */
export type GuardMiddleware = RequestHandler & { readonly problem?: string };

/** Express middleware guarding one mount (http-in routes, a dashboard); shared by the factories. */
export function guardMiddleware(factory: FactoryGate): GuardMiddleware {
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    // The whole target as sent: Express routes it raw, so an encoded "/" in it is refused, not decoded.
    const path = targetBelowRoot(req.originalUrl);
    // A CORS preflight carries no credentials by design; Node-RED's CORS handler answers it.
    if (req.method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"]) {
      next();
      return;
    }
    if (factory.isPublic(path)) {
      next();
      return;
    }
    factory
      .serveOwnRoute(req, res, path)
      .then(async (served) => {
        if (served) return;
        const decision = await factory.decide(req, path);
        if (decision.allow) {
          const user: AuthenticatedUser = { username: decision.user.username, roles: [...decision.user.roles] };
          (req as { user?: AuthenticatedUser }).user = user;
          factory.gate.applyHeaders(req, res);
          next();
        } else {
          factory.gate.respond(req, res, decision);
        }
      })
      .catch(() => {
        if (!res.headersSent) res.status(503).json({ error: "authentication failed", reason: "not-configured" });
      });
  };
  Object.defineProperty(middleware, "name", { value: "nodeRedContribSecurity" });
  if (factory.problem !== undefined) Object.defineProperty(middleware, "problem", { value: factory.problem });
  return middleware as GuardMiddleware;
}

/**
 * `httpNodeMiddleware: security.httpNode({ users: [...] })`: every `http in` route needs a login
 * (session cookie from the login page, or Basic), except `publicPaths`; `rules` add roles per path.
 */
export function httpNode(options: HttpNodeOptions): GuardMiddleware {
  const given = optionsOf<HttpNodeOptions>(options);
  const rules = pathRules(given.rules, given.publicPaths);
  return guardMiddleware(new FactoryGate("httpNode", given as HttpNodeOptions, rules, ["http-in"]));
}
