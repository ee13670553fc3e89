// What every settings.js factory shares: options checked once, one AuthGate, per-path rules, the
// login and logout pages handed to the gate dispatcher, and a loud log line when it fails closed.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Request, Response } from "express";
import { type Decision, deny } from "../auth/decision";
import { GATE_METHODS, type GateMethod, normalisePath } from "../auth/gate-paths";
import { AuthGate } from "../gate/auth-gate";
import type { GateOptions } from "../gate/gate-options";
import type { UsersContext } from "../auth/users-context";
import { loginTextFor } from "../gate/login-catalogue";
import { type RequestTarget, readTarget, targetBelow, targetOnlyWithin, under } from "../auth/request-target";
import { type ClientIdentity, type DoorKind, registry } from "../runtime/registry";
import { currentUsers, SecurityConfigError, type SessionOptions, type UsersOption, usersSource } from "./users-source";

/**
 * Notes who holds a connection (for Dashboard 2's hooks) and runs `close` when the session that let it
 * in ends, or, without a session, when a deploy changes or removes its user. Returns a function that
 * forgets `close`.
 */
export function trackClient(
  req: IncomingMessage,
  decision: Decision,
  ctx: UsersContext | Error | undefined,
  close: (() => void) | undefined,
): (() => void) | undefined {
  if (!decision.allow) return undefined;
  const users = ctx instanceof Error ? undefined : ctx;
  const { sessionId, apiKeyId } = decision;
  const identity: ClientIdentity = {
    user: decision.user,
    ...(sessionId === undefined ? {} : { sessionId }),
    live: () =>
      sessionId !== undefined
        ? (users?.sessions.isLive(sessionId) ?? false)
        : apiKeyId === undefined || (users?.apiKeys?.has(apiKeyId) ?? false),
  };
  registry().clients.set(req, identity);
  if (!users || !close) return undefined;
  // A session's connections end with it, an API key's when it is revoked (on any instance); Basic's, and
  // a key's too, when a deploy changes their user.
  if (sessionId !== undefined) return users.sessions.attach(sessionId, close);
  const forgetUser = users.sessions.attachUser(decision.user.username, close);
  const forgetKey = apiKeyId === undefined ? undefined : users.keys?.attach(apiKeyId, close);
  return () => {
    forgetUser();
    forgetKey?.();
  };
}

/** Options every factory takes. */
export interface CommonOptions extends SessionOptions {
  /** The id of an auth-users node, a list of { username, password: <bcrypt hash>, roles }, or a JSON file. */
  readonly users: UsersOption;
  /** "both" (default): login page for browsers and Basic for devices; "form"; or "basic". */
  readonly method?: GateMethod;
  /** A user needs one of these roles (default: any user). */
  readonly roles?: readonly string[];
  /** Title of the login page (default "Node-RED"). */
  readonly title?: string;
  /** Realm of the Basic challenge. */
  readonly realm?: string;
  /** Login page, below httpNodeRoot (default "/login"). */
  readonly loginPath?: string;
  /** Logout route, below httpNodeRoot (default "/logout"). */
  readonly logoutPath?: string;
  /** Believe X-Forwarded-For/-Proto/-Host: only behind a reverse proxy you run. */
  readonly trustProxy?: boolean;
  /** Add nosniff, frame and referrer headers to what it lets through (default true). */
  readonly securityHeaders?: boolean;
  /**
   * Browsers must log in with a code from an authenticator app (users of an auth-users node who set
   * one up); Basic is refused, API keys still pass (default false).
   */
  readonly requireSecondFactor?: boolean;
}

/** A path rule: requests at `path` or below need one of `roles`, or nothing at all when `public`. */
export interface PathRule {
  readonly path: string;
  readonly roles?: readonly string[];
  readonly public?: boolean;
}

interface CompiledRule {
  readonly path: string;
  readonly roles: readonly string[];
  readonly public: boolean;
}

const PREFIX = "[node-red-contrib-security]";
let counter = 0;

function stringList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new SecurityConfigError(`${name} must be a list of strings`);
  }
  return value.map((v: string) => v.trim()).filter(Boolean);
}

function bool(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new SecurityConfigError(`${name} must be true or false`);
  return value;
}

function text(value: unknown, name: string): string {
  if (value === undefined) return "";
  if (typeof value !== "string") throw new SecurityConfigError(`${name} must be a string`);
  return value;
}

/** The options object as given (settings.js is plain JavaScript: it may be anything). */
export function optionsOf<T extends object>(value: unknown): Partial<T> {
  return typeof value === "object" && value !== null ? value : {};
}

/** Path rules from `rules` and `publicPaths`, unchecked (the factory checks them). */
export function pathRules(rules: unknown, publicPaths: unknown): PathRule[] {
  const listed: unknown[] = Array.isArray(rules) ? (rules as unknown[]) : [];
  const open: unknown[] = Array.isArray(publicPaths) ? (publicPaths as unknown[]) : [];
  return [
    ...listed.map((r) => optionsOf<PathRule>(r)).map((r) => ({ ...r, path: String(r.path) })),
    ...open.map((path) => ({ path: String(path), public: true })),
  ];
}

/** httpNodeRoot as the gate dispatcher saw it ("" for "/"). */
export function httpNodeRoot(): string {
  return registry().httpNodeRoot ?? "";
}

/** A request's target (its full URL) as every door could read it, below httpNodeRoot. */
export function targetBelowRoot(url: string | undefined): RequestTarget {
  const target = readTarget(url);
  return targetBelow(target, httpNodeRoot().toLowerCase()) ?? target;
}

/** Whether a browser's Origin matches the host it asked (or one the user allowed). No Origin: not a browser. */
export function originAllowed(req: IncomingMessage, trustProxy: boolean, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === "null") return false;
  if (allowed.includes(origin)) return true;
  const forwardedHost = trustProxy ? req.headers["x-forwarded-host"] : undefined;
  const host = (typeof forwardedHost === "string" ? forwardedHost : req.headers.host) ?? "";
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** What a factory's gate is before its options: Basic, realm "Node-RED", cookies for the whole root. */
function baseGateOptions(): GateOptions {
  return {
    method: "basic",
    realm: "Node-RED",
    roles: [],
    title: "",
    scope: "/",
    loginPath: "/login",
    logoutPath: "/logout",
    trustProxy: false,
    securityHeaders: true,
    text: loginTextFor,
  };
}

export class FactoryGate {
  readonly id: string;
  readonly gate: AuthGate;
  readonly trustProxy: boolean;
  /** Why the factory refuses everything, when its options are unusable. */
  readonly problem: string | undefined;
  private readonly handle: ReturnType<typeof usersSource>;
  private readonly rules: readonly CompiledRule[];
  private readonly defaultRoles: readonly string[];
  private lastLogged = 0;

  constructor(kind: string, options: CommonOptions, extraRules: readonly PathRule[], covers: readonly DoorKind[]) {
    counter += 1;
    this.id = `${kind}-${String(counter)}-${randomBytes(3).toString("hex")}`;
    const given = optionsOf<CommonOptions>(options);
    this.handle = usersSource(given.users, given);
    let problem: string | undefined;
    let rules: CompiledRule[] = [];
    let roles: string[] = [];
    let gate: AuthGate | undefined;
    const method = given.method ?? "both";
    try {
      if (!(GATE_METHODS as readonly string[]).includes(method)) {
        throw new SecurityConfigError(`method must be "both", "form" or "basic" (got ${JSON.stringify(method)})`);
      }
      roles = stringList(given.roles, "roles");
      rules = extraRules.map((r) => ({
        path: normalisePath(r.path, "rule").toLowerCase(),
        roles: stringList(r.roles, `roles of ${r.path}`),
        public: r.public === true,
      }));
      gate = new AuthGate(
        {
          ...baseGateOptions(),
          method,
          realm: text(given.realm, "realm"),
          title: text(given.title, "title"),
          loginPath: text(given.loginPath, "loginPath") || "/login",
          logoutPath: text(given.logoutPath, "logoutPath") || "/logout",
          trustProxy: bool(given.trustProxy, false, "trustProxy"),
          securityHeaders: bool(given.securityHeaders, true, "securityHeaders"),
          requireSecondFactor: bool(given.requireSecondFactor, false, "requireSecondFactor"),
        },
        () => currentUsers(this.handle),
      );
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
      // Unusable options: a gate that refuses everything, saying why.
      gate = new AuthGate(baseGateOptions(), () => new Error(problem));
    }
    if (!problem && this.handle.lazy !== true) {
      // A node id cannot be found before the flows start; anything else is wrong now and for good.
      const early = currentUsers(this.handle);
      if (early instanceof Error) problem = early.message;
    }
    this.problem = problem;
    this.gate = gate;
    this.rules = [...rules].sort((a, b) => b.path.length - a.path.length);
    this.defaultRoles = roles;
    this.trustProxy = gate.options.trustProxy;
    if (problem) {
      console.error(`${PREFIX} ${kind}(): ${problem}. Every request it guards is refused until this is fixed.`);
    } else if (method !== "basic") {
      registry().loginGates.set(this.id, gate);
    }
    registry().doors.set(this.id, { id: this.id, scope: "/", source: "settings", covers });
  }

  /**
   * The rules for a target below httpNodeRoot: for each way a door could read it, the most specific
   * rule (a target read two ways must satisfy the rules of both).
   */
  rulesFor(target: RequestTarget): CompiledRule[] {
    const found: CompiledRule[] = [];
    for (const reading of target.readings) {
      const rule = this.rules.find((r) => under(reading, r.path));
      if (rule && !found.includes(rule)) found.push(rule);
    }
    return found;
  }

  /** Public only when every door reads the target inside a public path: never across a decoded "/". */
  isPublic(target: RequestTarget): boolean {
    if (target.ambiguous) return false;
    const rules = this.rulesFor(target);
    return rules.length > 0 && rules.every((r) => r.public && targetOnlyWithin(target, r.path));
  }

  /** Who may pass at `target`: a valid session or Basic credentials, with a role its path asks for. */
  async decide(req: Request | IncomingMessage, target: RequestTarget): Promise<Decision> {
    // Some door could read the target another way than the rules below: refused, not guessed at.
    if (target.ambiguous) return deny("ambiguous-target");
    let decision: Decision;
    try {
      decision = await this.gate.authenticate(req as Request);
    } catch {
      decision = deny("not-configured");
    }
    if (!decision.allow) {
      if (decision.reason === "not-configured") this.logProblem();
      return decision;
    }
    const rules = this.rulesFor(target);
    for (const rule of rules.length > 0 ? rules : [undefined]) {
      const needed = rule && rule.roles.length > 0 ? rule.roles : this.defaultRoles;
      if (needed.length > 0 && !decision.user.roles.some((r) => needed.includes(r))) return deny("forbidden");
    }
    return decision;
  }

  /** Remembers who holds a long-lived connection, and runs `close` when their session ends. */
  track(req: IncomingMessage, decision: Decision, close: () => void): (() => void) | undefined {
    return trackClient(req, decision, currentUsers(this.handle), close);
  }

  private logProblem(): void {
    const now = Date.now();
    if (now - this.lastLogged < 60_000) return;
    this.lastLogged = now;
    const ctx = currentUsers(this.handle);
    const why = ctx instanceof Error ? ctx.message : "no usable users";
    console.error(`${PREFIX} refusing requests: ${this.problem ?? why}`);
  }

  /** Serves the login/logout page when the request is for one (when no dispatcher did it first). */
  async serveOwnRoute(req: Request, res: Response, target: RequestTarget): Promise<boolean> {
    if (target.ambiguous) return false;
    const path = target.readings[0] ?? "/";
    const { loginPath, logoutPath } = this.gate.options;
    if (path !== loginPath.toLowerCase() && path !== logoutPath.toLowerCase()) return false;
    return this.gate.handleOwnRoute(req, res, path);
  }
}
