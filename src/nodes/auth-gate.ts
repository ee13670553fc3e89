// The "auth-gate" node: sits after an http-in node (or guards a path prefix with no wiring) and lets
// a request on only when it carries a valid session or valid Basic credentials.
import type { Request, Response } from "express";
import type { AuthenticatedUser, Denial } from "../auth/decision";
import { REASON_TEXT, deny } from "../auth/decision";
import {
  AuthGate,
  GATE_METHODS,
  type GateMethod,
  isUnder,
  mountRoot,
  normalisePath,
  sessionCookieName,
} from "../auth/gate";
import type { UsersContext } from "../auth/users-context";
import { loginTextFor } from "../auth/login-text";
import { withoutCookie } from "../auth/parse-cookies";
import { readTarget } from "../auth/request-target";
import { isSelfCheck } from "../auth/self-check";
import type { RedApi } from "../red-api";
import { type AuthUsersNode, USERS_TYPE } from "./auth-users";
import { statusText } from "./status-text";
import { dispatcherFor } from "./gate-dispatcher";
import { registry } from "../runtime/registry";
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

/** The key of a login method's short name under the node ("auth-gate.status.method.*"). */
function methodKey(method: GateMethod): string {
  return `auth-gate.status.method.${method === "basic" ? "basic" : method === "form" ? "form" : "both"}`;
}

/** Headers that carry credentials: Basic or Bearer, and API keys. */
const CREDENTIAL_HEADERS = /^(?:authorization|x-api-key)$/i;

/** The URL paths of the `http in` nodes wired straight into a node (their configuration, as deployed). */
export function wiredHttpInUrls(
  eachNode: ((callback: (node: Readonly<Record<string, unknown>>) => void) => void) | undefined,
  id: string,
): string[] {
  const urls: string[] = [];
  eachNode?.((node) => {
    if (node.type !== "http in" || typeof node.url !== "string" || !Array.isArray(node.wires)) return;
    if (!(node.wires as unknown[]).some((port) => Array.isArray(port) && port.includes(id))) return;
    const url = node.url.startsWith("/") ? node.url : `/${node.url}`;
    urls.push(url);
  });
  return urls;
}

/** The longest path of whole segments that contains both ("/dashboard", "/api/x" → "/"). */
export function commonPath(a: string, b: string): string {
  const x = a.split("/").filter(Boolean);
  const y = b.split("/").filter(Boolean);
  const shared: string[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i]?.toLowerCase() !== y[i]?.toLowerCase()) break;
    shared.push(x[i] ?? "");
  }
  return `/${shared.join("/")}`;
}

/**
 * The path the session cookie must cover: the gate's path, widened just enough to contain the `http in`
 * endpoints wired into it (route parameters end the fixed part). Otherwise a browser that logs in would
 * come back to the endpoint without its cookie and be asked to log in again, for ever.
 */
export function cookiePathFor(scope: string, wiredUrls: readonly string[]): string {
  let path = scope;
  for (const url of wiredUrls) {
    const fixed = url.split(/[:*(?]/)[0] || "/";
    if (!isUnder(fixed.replace(/\/+$/, "") || "/", path)) path = commonPath(path, fixed);
  }
  return path;
}

/** Whether a raw header name is one that carries credentials (the length first: most names are not). */
function isCredentialHeader(name: string): boolean {
  return (name.length === 13 || name.length === 9) && CREDENTIAL_HEADERS.test(name);
}

/** Removes the credentials the gate consumed from the request a flow will see. */
function scrubRequest(req: Request, cookieName: string | undefined): void {
  delete req.headers.authorization;
  delete req.headers["x-api-key"];
  const cookieHeader = req.headers.cookie;
  const cookieRest = cookieName ? withoutCookie(cookieHeader, cookieName) : undefined;
  // The raw list too: a debug node showing msg.req shows it. Copied only from the first pair that changes.
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    let kept: string[] | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] ?? "";
      const value = raw[i + 1] ?? "";
      let next: string | undefined = value;
      if (isCredentialHeader(name)) next = undefined;
      else if (cookieName && name.length === 6 && name.toLowerCase() === "cookie") {
        // One Cookie line is req.headers.cookie as it is: its rest is known already.
        next = value === cookieHeader ? cookieRest : withoutCookie(value, cookieName);
      }
      if (next !== value) kept ??= raw.slice(0, i);
      if (kept && next !== undefined) kept.push(name, next);
    }
    if (kept) req.rawHeaders = kept;
  }
  if (cookieName) {
    if (cookieRest === undefined) delete req.headers.cookie;
    else req.headers.cookie = cookieRest;
    const holder = req as { cookies?: Record<string, unknown> };
    // cookie-parser made this object for this request alone: the session cookie leaves it in place.
    if (holder.cookies && typeof holder.cookies === "object" && Object.hasOwn(holder.cookies, cookieName)) {
      Reflect.deleteProperty(holder.cookies, cookieName);
    }
  }
}

/** Whether a browser's session cookie for this gate would reach the request's address. */
function coveredByCookie(gate: AuthGate, req: Request): boolean {
  const root = mountRoot(req);
  // Every reading must be covered: a door that reads the address outside the cookie's path loses the cookie.
  return readTarget(req.originalUrl).readings.every((full) => {
    const path = root && isUnder(full, root) ? full.slice(root.length) || "/" : full;
    return isUnder(path, gate.options.cookiePath ?? gate.options.scope);
  });
}

export default function authGateNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  const dispatcher = dispatcherFor(RED.httpNode);
  const say = statusText(RED, "auth-gate.json");
  const reasonText = (reason: Denial["reason"]): string => say(`auth-gate.reason.${reason}`);

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
    let widened: string | undefined;
    try {
      let scope = "/";
      try {
        scope = normalisePath(config.scope ?? "/", "The protected path");
      } catch {
        // AuthGate below says what is wrong with it.
      }
      const urls = wiredHttpInUrls(RED.nodes.eachNode?.bind(RED.nodes), node.id);
      const cookiePath = cookiePathFor(scope, urls);
      if (cookiePath !== scope) {
        widened = cookiePath;
        const outside = urls.filter((u) => !isUnder(u, scope)).join(", ");
        node.warn(
          `auth gate: ${outside} lies outside the gate's path ${scope}; its login is valid for ${cookiePath} so that ` +
            `a browser that logs in there keeps its session. Use one gate per door, or set the path to ${cookiePath}.`,
        );
      }
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
          ...(widened === undefined ? {} : { cookiePath: widened }),
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
      if (problem || !gate)
        node.status({ fill: "red", shape: "ring", text: problem ?? say("auth-gate.status.misconfigured") });
      else if (ctx instanceof Error) node.status({ fill: "red", shape: "ring", text: ctx.message });
      else if (!ctx.sessions.available())
        node.status({ fill: "red", shape: "ring", text: reasonText("store-unavailable") });
      else {
        const count = ctx.users.activeCount;
        const parts = [
          say(`auth-gate.status.users.${count === 1 ? "one" : "other"}`, { count }),
          say(methodKey(gate.options.method)),
          ...(gate.options.requireSecondFactor === true ? [say("auth-gate.status.secondFactor")] : []),
          ...(widened === undefined ? [] : [say("auth-gate.status.loginValidFor", { path: widened })]),
        ];
        node.status({ fill: widened === undefined ? "green" : "yellow", shape: "dot", text: parts.join(" · ") });
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
      node.status({
        fill,
        shape: "ring",
        text: say("auth-gate.status.denied", { reason: reasonText(denial.reason), time }),
      });
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
            // A lone message (not [msg]) takes Node-RED's path for one output with one wire. Either way the
            // message is passed on, not cloned: it is the only one sent.
            send(deniedOutput ? [msg, null] : msg);
          } else {
            // The Security tab's own live check: refused like anyone, but not news for the status.
            if (!isSelfCheck(req.headers)) showDenial(decision);
            if (deniedOutput) {
              scrubRequest(req, undefined);
              msg.auth = {
                reason: decision.reason,
                status: decision.status,
                message: REASON_TEXT[decision.reason],
                ...(decision.retryAfterSeconds === undefined ? {} : { retryAfter: decision.retryAfterSeconds }),
              };
              send([null, msg]);
            } else if (gate && decision.reason === "login-required" && !coveredByCookie(gate, req)) {
              // The endpoint lies outside the path the session cookie is sent to (a gate wired after an
              // http in the node could not see at deploy): a login page here could only loop.
              node.status({ fill: "red", shape: "ring", text: say("auth-gate.status.outsidePath") });
              res
                .status(403)
                .set("Cache-Control", "no-store")
                .type("text")
                .send(
                  "This address lies outside the part of the site this gate's login is valid for, so a login " +
                    "here cannot work. Ask the owner to give this endpoint its own auth gate, or to set the " +
                    "gate's path to one that covers both.",
                );
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
