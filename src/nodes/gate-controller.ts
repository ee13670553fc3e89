// The state and work of one auth-gate node: the gate made from its configuration, its status under
// the node, and what it does with each message (let on with msg.user, or answer the refusal).
import type { Request, Response } from "express";
import type { AuthenticatedUser, Denial } from "../auth/decision";
import { REASON_TEXT, deny } from "../auth/decision";
import { GATE_METHODS, type GateMethod, isUnder, normalisePath, sessionCookieName } from "../auth/gate-paths";
import { AuthGate } from "../gate/auth-gate";
import type { LoginTextSource } from "../gate/login-text";
import { isSelfCheck } from "../gate/self-check";
import type { UsersContext } from "../auth/users-context";
import type { AuthUsersNode } from "./auth-users";
import type { GateDispatcher } from "./gate-dispatcher";
import { cookiePathFor, coveredByCookie, wiredHttpInUrls } from "./gate-paths";
import type { NodeDef, NodeInstance, NodeMessage } from "../node-red-types";
import type { StatusText } from "./status-text";
import { scrubRequest } from "../gate/scrub-request";
import { WordedError } from "../shared/worded-error";

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

/** What every gate of a runtime shares: the dispatcher of login pages, status texts, the door guards. */
export interface GateRuntime {
  readonly dispatcher: GateDispatcher;
  readonly say: StatusText;
  /** The login page's words, from Node-RED's i18n in the visitor's language. */
  readonly loginWords: LoginTextSource;
  /** Finds a config node (the users list) by id. */
  readonly getNode: (id: string) => unknown;
  readonly eachNode: ((callback: (node: Readonly<Record<string, unknown>>) => void) => void) | undefined;
  /** A gate that protects a path guards its websocket and socket.io handshakes too. */
  readonly guardDoors: (id: string, gate: AuthGate) => void;
  readonly unguardDoors: (id: string) => void;
}

type Send = (msgs: NodeMessage | (NodeMessage | null)[]) => void;
type Done = (err?: Error) => void;

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

export class GateController {
  private gate?: AuthGate;
  private problem?: string;
  /** The path the login is valid for, when wired endpoints made it wider than the gate's. */
  private widened?: string;
  private lastStatus = 0;
  private readonly stopWatching?: () => void;
  private readonly deniedOutput: boolean;
  private readonly usersNode: AuthUsersNode | null;

  constructor(
    private readonly node: NodeInstance,
    config: AuthGateConfig,
    private readonly runtime: GateRuntime,
  ) {
    this.deniedOutput = config.deniedOutput === true;
    this.usersNode = config.usersConfig ? (runtime.getNode(config.usersConfig) as AuthUsersNode | null) : null;
    try {
      this.gate = this.makeGate(config);
    } catch (err) {
      node.error(`auth gate: ${err instanceof Error ? err.message : String(err)}`);
      this.problem = this.problemText(err);
    }
    this.showReady();
    // A shared store that stops (or starts again) answering shows at once, not only at the next request.
    const first = this.provider();
    this.stopWatching =
      first instanceof Error ? undefined : first.sessions.store.onAvailability(() => this.showReady());
  }

  private readonly provider = (): UsersContext | Error => {
    const usersNode = this.usersNode;
    if (!usersNode || typeof usersNode.usersContext !== "function") {
      return new WordedError("no users configuration selected", "noUsersList");
    }
    const ctx = usersNode.usersContext();
    if (!(ctx instanceof Error) && ctx.users.activeCount === 0) {
      return new WordedError("no user can log in yet", "noUserYet");
    }
    return ctx;
  };

  private makeGate(config: AuthGateConfig): AuthGate {
    const node = this.node;
    let scope = "/";
    try {
      scope = normalisePath(config.scope ?? "/", "scope");
    } catch {
      // AuthGate below says what is wrong with it.
    }
    const urls = wiredHttpInUrls(this.runtime.eachNode, node.id);
    const cookiePath = cookiePathFor(scope, urls);
    if (cookiePath !== scope) {
      this.widened = cookiePath;
      const outside = urls.filter((u) => !isUnder(u, scope)).join(", ");
      node.warn(
        `auth gate: ${outside} lies outside the gate's path ${scope}; its login is valid for ${cookiePath} so that ` +
          `a browser that logs in there keeps its session. Use one gate per door, or set the path to ${cookiePath}.`,
      );
    }
    const method = (GATE_METHODS as readonly string[]).includes(config.method ?? "")
      ? (config.method as GateMethod)
      : "both";
    const gate = new AuthGate(
      {
        method,
        realm: config.realm ?? "",
        roles: (config.roles ?? "")
          .split(",")
          .map((r) => r.trim())
          .filter(Boolean),
        title: config.title ?? "",
        scope: config.scope ?? "/",
        ...(this.widened === undefined ? {} : { cookiePath: this.widened }),
        loginPath: config.loginPath ?? "",
        logoutPath: config.logoutPath ?? "",
        trustProxy: config.trustProxy === true,
        securityHeaders: config.securityHeaders !== false,
        requireSecondFactor: config.requireSecondFactor === true,
        ...loginLimit(config.loginHours),
        text: this.runtime.loginWords,
      },
      this.provider,
    );
    const clash = this.runtime.dispatcher.register(node.id, gate, config.protectScope === true);
    if (config.protectScope === true) this.runtime.guardDoors(node.id, gate);
    if (clash) node.warn(`another auth gate (${clash}) uses the same login or logout path`);
    return gate;
  }

  /** A configuration problem in the runtime's language (its English message where it has no words). */
  private problemText(err: unknown): string {
    if (!(err instanceof WordedError)) return err instanceof Error ? err.message : String(err);
    const say = this.runtime.say;
    const params: Record<string, string> = { ...err.params };
    if (err.key === "badPath" && params.what !== undefined) params.what = say(`auth-gate.problem.what.${params.what}`);
    return say(`auth-gate.problem.${err.key}`, params);
  }

  private reasonText(reason: Denial["reason"]): string {
    return this.runtime.say(`auth-gate.reason.${reason}`);
  }

  private showReady(): void {
    const { node, gate, widened } = this;
    const say = this.runtime.say;
    const ctx = this.provider();
    if (this.problem || !gate)
      node.status({ fill: "red", shape: "ring", text: this.problem ?? say("auth-gate.status.misconfigured") });
    else if (ctx instanceof Error) node.status({ fill: "red", shape: "ring", text: this.problemText(ctx) });
    else if (!ctx.sessions.available())
      node.status({ fill: "red", shape: "ring", text: this.reasonText("store-unavailable") });
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
  }

  private showDenial(denial: Denial): void {
    const now = Date.now();
    if (now - this.lastStatus < STATUS_INTERVAL_MS) return;
    this.lastStatus = now;
    const time = new Date(now).toLocaleTimeString();
    const fill = denial.reason === "not-configured" || denial.reason === "store-unavailable" ? "red" : "yellow";
    this.node.status({
      fill,
      shape: "ring",
      text: this.runtime.say("auth-gate.status.denied", { reason: this.reasonText(denial.reason), time }),
    });
  }

  /** One message from an http in node: on with msg.user, or refused (answered, or on the second output). */
  handle(msg: NodeMessage, send: Send, done: Done): void {
    const req = msg.req as Request | undefined;
    const res = (msg.res as { _res?: Response } | undefined)?._res;
    if (!req || !res || typeof req.headers !== "object") {
      done(new Error("auth gate: msg.req/msg.res are missing: wire the gate after an http in node"));
      return;
    }
    const gate = this.gate;
    const decide = gate ? gate.authenticate(req) : Promise.resolve(deny("not-configured"));
    decide
      .then((decision) => {
        if (decision.allow) {
          const ctx = this.provider();
          scrubRequest(req, ctx instanceof Error ? undefined : sessionCookieName(ctx.id));
          gate?.applyHeaders(req, res);
          const user: AuthenticatedUser = { username: decision.user.username, roles: [...decision.user.roles] };
          msg.user = user;
          // A lone message (not [msg]) takes Node-RED's path for one output with one wire. Either way the
          // message is passed on, not cloned: it is the only one sent.
          send(this.deniedOutput ? [msg, null] : msg);
        } else {
          this.refuse(msg, req, res, decision, send);
        }
        done();
      })
      .catch((err: unknown) => {
        // Fail closed: an unexpected error refuses the request.
        if (!res.headersSent) res.status(503).json({ error: REASON_TEXT["not-configured"], reason: "not-configured" });
        done(err instanceof Error ? err : new Error(String(err)));
      });
  }

  private refuse(msg: NodeMessage, req: Request, res: Response, decision: Denial, send: Send): void {
    const gate = this.gate;
    // The Security tab's own live check: refused like anyone, but not news for the status.
    if (!isSelfCheck(req.headers)) this.showDenial(decision);
    if (this.deniedOutput) {
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
      this.node.status({ fill: "red", shape: "ring", text: this.runtime.say("auth-gate.status.outsidePath") });
      const { lang, text } = this.runtime.loginWords(req.headers["accept-language"]);
      res
        .status(403)
        .set({ "Cache-Control": "no-store", "Content-Language": lang })
        .type("text")
        .send(text.outsidePath);
    } else if (gate) {
      gate.respond(req, res, decision);
    } else {
      res.status(503).json({ error: REASON_TEXT["not-configured"], reason: "not-configured" });
    }
  }

  close(): void {
    this.stopWatching?.();
    this.runtime.dispatcher.unregister(this.node.id);
    this.runtime.unguardDoors(this.node.id);
  }
}
