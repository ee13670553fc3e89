// The "auth-gate" node: sits after an http-in node (or guards a path prefix with no wiring) and lets
// a request on only when it carries a valid session or valid Basic credentials.
import type { Request, Response } from "express";
import type { AuthenticatedUser, Denial } from "../auth/decision";
import { REASON_TEXT, deny } from "../auth/decision";
import { AuthGate, GATE_METHODS, type GateMethod, sessionCookieName, type UsersContext } from "../auth/gate";
import { loginTextFor } from "../auth/login-text";
import { withoutCookie } from "../auth/parse-cookies";
import type { RedApi } from "../red-api";
import { type AuthUsersNode, USERS_TYPE } from "./auth-users";
import { dispatcherFor } from "./gate-dispatcher";
import { registry } from "../middleware/registry";
import { serverGuardFor } from "../middleware/server-guard";
import type { NodeDef, NodeInstance, RedNodesApi } from "./node-red-types";

export interface AuthGateConfig extends NodeDef {
  /** Id of the auth-users config node ("users" is reserved by Node-RED). */
  usersConfig?: string;
  method?: string;
  roles?: string;
  realm?: string;
  title?: string;
  scope?: string;
  loginPath?: string;
  logoutPath?: string;
  protectScope?: boolean;
  deniedOutput?: boolean;
  trustProxy?: boolean;
  securityHeaders?: boolean;
  requireSecondFactor?: boolean;
  /** Hours a login lasts at this gate ("" or absent: the users node's limits; 12 at 2FA gates). */
  loginHours?: string | number;
}

/** The gate's own login lifetime in milliseconds, when its dialog sets one (a positive number of hours). */
function loginLimit(hours: unknown): { maxLoginMs?: number } {
  const value = typeof hours === "number" ? hours : typeof hours === "string" && hours.trim() ? Number(hours) : NaN;
  return Number.isFinite(value) && value > 0 ? { maxLoginMs: Math.round(value * 3_600_000) } : {};
}

/** Status changes at most this often, so an attack does not flood every open editor with updates. */
const STATUS_INTERVAL_MS = 1000;

function describeMethod(method: GateMethod): string {
  return method === "basic" ? "Basic" : method === "form" ? "login page" : "login page + Basic";
}

/** Headers that carry credentials: Basic or Bearer, and API keys. */
const CREDENTIAL_HEADERS = /^(?:authorization|x-api-key)$/i;

/** Removes the credentials the gate consumed from the request a flow will see. */
function scrubRequest(req: Request, cookieName: string | undefined): void {
  delete req.headers.authorization;
  delete req.headers["x-api-key"];
  // The raw list too: a debug node showing msg.req shows it.
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    const kept: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] ?? "";
      const value = raw[i + 1] ?? "";
      if (CREDENTIAL_HEADERS.test(name)) continue;
      if (cookieName && name.toLowerCase() === "cookie") {
        const rest = withoutCookie(value, cookieName);
        if (rest !== undefined) kept.push(name, rest);
      } else {
        kept.push(name, value);
      }
    }
    req.rawHeaders = kept;
  }
  if (cookieName) {
    const rest = withoutCookie(req.headers.cookie, cookieName);
    if (rest === undefined) delete req.headers.cookie;
    else req.headers.cookie = rest;
    const holder = req as { cookies?: Record<string, unknown> };
    if (holder.cookies && typeof holder.cookies === "object") {
      holder.cookies = Object.fromEntries(Object.entries(holder.cookies).filter(([name]) => name !== cookieName));
    }
  }
}

export default function authGateNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  const dispatcher = dispatcherFor(RED.httpNode);

  const rootSetting = RED.settings.httpNodeRoot;
  const httpNodeRoot = typeof rootSetting === "string" ? rootSetting.replace(/\/+$/, "") : "";
  registry().httpNodeRoot = httpNodeRoot;
  const server = RED.server && typeof RED.server.emit === "function" ? RED.server : undefined;
  const adminRoot = RED.settings.httpRoot === false ? false : RED.settings.httpAdminRoot;
  const serverGuard = server
    ? serverGuardFor(
        server,
        httpNodeRoot,
        adminRoot === false ? false : typeof adminRoot === "string" ? adminRoot : "/",
      )
    : undefined;

  /** A gate that protects a path guards its websocket and socket.io handshakes too. */
  const guardDoors = (id: string, gate: AuthGate): void => {
    serverGuard?.register(id, gate);
    registry().doors.set(id, {
      id,
      scope: gate.options.scope,
      source: "auth-gate",
      covers: serverGuard ? ["http", "socket.io", "websocket"] : ["http"],
    });
  };

  function AuthGateNode(this: NodeInstance, config: AuthGateConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const deniedOutput = config.deniedOutput === true;
    const usersNode = config.usersConfig ? (RED.nodes.getNode(config.usersConfig) as AuthUsersNode | null) : null;
    const provider = (): UsersContext | Error => {
      if (!usersNode || typeof usersNode.usersContext !== "function")
        return new Error("no users configuration selected");
      const ctx = usersNode.usersContext();
      if (!(ctx instanceof Error) && ctx.users.activeCount === 0) return new Error("no user can log in yet");
      return ctx;
    };

    let gate: AuthGate | undefined;
    let problem: string | undefined;
    try {
      const method = (GATE_METHODS as readonly string[]).includes(config.method ?? "")
        ? (config.method as GateMethod)
        : "both";
      gate = new AuthGate(
        {
          method,
          realm: config.realm ?? "",
          roles: (config.roles ?? "")
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean),
          title: config.title ?? "",
          scope: config.scope ?? "/",
          loginPath: config.loginPath ?? "",
          logoutPath: config.logoutPath ?? "",
          trustProxy: config.trustProxy === true,
          securityHeaders: config.securityHeaders !== false,
          requireSecondFactor: config.requireSecondFactor === true,
          ...loginLimit(config.loginHours),
          text: loginTextFor,
        },
        provider,
      );
      const clash = dispatcher.register(node.id, gate, config.protectScope === true);
      if (config.protectScope === true) guardDoors(node.id, gate);
      if (clash) node.warn(`another auth gate (${clash}) uses the same login or logout path`);
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
      node.error(`auth gate: ${problem}`);
    }

    const ready = (): void => {
      const ctx = provider();
      if (problem || !gate) node.status({ fill: "red", shape: "ring", text: problem ?? "misconfigured" });
      else if (ctx instanceof Error) node.status({ fill: "red", shape: "ring", text: ctx.message });
      else if (!ctx.sessions.available())
        node.status({ fill: "red", shape: "ring", text: REASON_TEXT["store-unavailable"] });
      else {
        const count = ctx.users.activeCount;
        const factor = gate.options.requireSecondFactor === true ? " · 2FA" : "";
        node.status({
          fill: "green",
          shape: "dot",
          text: `${String(count)} user${count === 1 ? "" : "s"} · ${describeMethod(gate.options.method)}${factor}`,
        });
      }
    };
    ready();
    // A shared store that stops (or starts again) answering shows at once, not only at the next request.
    const first = provider();
    const stopWatching = first instanceof Error ? undefined : first.sessions.store.onAvailability(ready);

    let lastStatus = 0;
    const showDenial = (denial: Denial): void => {
      const now = Date.now();
      if (now - lastStatus < STATUS_INTERVAL_MS) return;
      lastStatus = now;
      const time = new Date(now).toLocaleTimeString();
      const fill = denial.reason === "not-configured" || denial.reason === "store-unavailable" ? "red" : "yellow";
      node.status({ fill, shape: "ring", text: `denied: ${REASON_TEXT[denial.reason]} · ${time}` });
    };

    node.on("input", (msg, send, done) => {
      const req = msg.req as Request | undefined;
      const res = (msg.res as { _res?: Response } | undefined)?._res;
      if (!req || !res || typeof req.headers !== "object") {
        done(new Error("auth gate: msg.req/msg.res are missing: wire the gate after an http in node"));
        return;
      }
      const decide = gate ? gate.authenticate(req) : Promise.resolve(deny("not-configured"));
      decide
        .then((decision) => {
          if (decision.allow) {
            const ctx = provider();
            scrubRequest(req, ctx instanceof Error ? undefined : sessionCookieName(ctx.id));
            gate?.applyHeaders(req, res);
            const user: AuthenticatedUser = { username: decision.user.username, roles: [...decision.user.roles] };
            msg.user = user;
            send(deniedOutput ? [msg, null] : [msg]);
          } else {
            showDenial(decision);
            if (deniedOutput) {
              scrubRequest(req, undefined);
              msg.auth = {
                reason: decision.reason,
                status: decision.status,
                message: REASON_TEXT[decision.reason],
                ...(decision.retryAfterSeconds === undefined ? {} : { retryAfter: decision.retryAfterSeconds }),
              };
              send([null, msg]);
            } else if (gate) {
              gate.respond(req, res, decision);
            } else {
              res.status(503).json({ error: REASON_TEXT["not-configured"], reason: "not-configured" });
            }
          }
          done();
        })
        .catch((err: unknown) => {
          // Fail closed: an unexpected error refuses the request.
          if (!res.headersSent)
            res.status(503).json({ error: REASON_TEXT["not-configured"], reason: "not-configured" });
          done(err instanceof Error ? err : new Error(String(err)));
        });
    });

    node.on("close", (_removed, closed) => {
      stopWatching?.();
      dispatcher.unregister(node.id);
      serverGuard?.unregister(node.id);
      registry().doors.delete(node.id);
      closed();
    });
  }

  RED.nodes.registerType("auth-gate", AuthGateNode);
}

export { USERS_TYPE };
