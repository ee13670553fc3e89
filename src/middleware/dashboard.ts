// security.dashboard(options) for node-red-dashboard (`ui: { ...security.dashboard(o) }`) and FlowFuse
// Dashboard 2 (`dashboard: security.dashboard(o)`): `middleware` guards the dashboard's pages and files,
// `ioMiddleware` its socket.io handshake. Supplying ioMiddleware replaces the dashboards' own check that
// refuses other sites, so that check is made here too.
import type { IncomingMessage } from "node:http";
import type { GateMethod } from "../auth/gate-paths";
import { type CommonOptions, FactoryGate, optionsOf, originAllowed, targetBelowRoot } from "./factory-gate";
import { type GuardMiddleware, guardMiddleware } from "./http-node";
import { socketIoError } from "./sockets";
import { deny } from "../auth/decision";

export interface DashboardOptions extends CommonOptions {
  /** Other origins whose pages may open the dashboard's socket with the user's cookie. */
  readonly allowedOrigins?: readonly string[];
}

/** The part of a socket.io socket the middleware uses. */
export interface IoSocket {
  readonly request: IncomingMessage;
  disconnect(close?: boolean): unknown;
  once(event: "disconnect", listener: () => void): unknown;
}

export type IoMiddleware = (socket: IoSocket, next: (err?: Error) => void) => void;

export interface DashboardGuard {
  /** For `ui.middleware` / `dashboard.middleware`. */
  readonly middleware: GuardMiddleware;
  /** For `ui.ioMiddleware` / `dashboard.ioMiddleware`. */
  readonly ioMiddleware: IoMiddleware;
}

export function dashboard(options: DashboardOptions): DashboardGuard {
  const given = optionsOf<DashboardOptions>(options);
  // Browsers get the login page; Basic stays for kiosks that send it.
  const method: GateMethod = given.method ?? "both";
  const factory = new FactoryGate("dashboard", { ...(given as DashboardOptions), method }, [], ["http", "socket.io"]);
  const allowed = Array.isArray(given.allowedOrigins) ? given.allowedOrigins.filter((o) => typeof o === "string") : [];

  const ioMiddleware: IoMiddleware = (socket, next) => {
    const req = socket.request;
    if (!originAllowed(req, factory.trustProxy, allowed)) {
      next(socketIoError(deny("forbidden")));
      return;
    }
    factory
      .decide(req, targetBelowRoot(req.url))
      .then((decision) => {
        if (!decision.allow) {
          next(socketIoError(decision));
          return;
        }
        const detach = factory.track(req, decision, () => socket.disconnect(true));
        if (detach) socket.once("disconnect", detach);
        next();
      })
      .catch(() => {
        next(socketIoError(deny("not-configured")));
      });
  };
  return { middleware: guardMiddleware(factory), ioMiddleware };
}
