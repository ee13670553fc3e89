// A gate's decision without HTTP: the credentials one request carried (already read from it) and the
// users configuration in, a Decision out. The HTTP layer (src/gate/) reads requests and answers them.
import { type AuthenticatedUser, type Decision, type Denial, deny } from "./decision";
import { type GateMethod, sessionCookieName } from "./gate-paths";
import { parseAuthorization } from "./parse-authorization";
import { StoreUnavailableError } from "./store";
import type { UsersContext, UsersProvider } from "./users-context";

/** What a gate lets in: its login methods, the roles it wants, and how old and how strong a login may be. */
export interface GatePolicy {
  /** "basic" for devices and scripts, "form" for browsers (login page), "both". */
  readonly method: GateMethod;
  /** A user needs one of these roles; empty: any logged-in user. */
  readonly roles: readonly string[];
  /** Users must log in with a second factor (an authenticator app); Basic is refused. API keys still pass. */
  readonly requireSecondFactor?: boolean;
  /**
   * This gate asks for a login again when a session is older than this, even if the users
   * configuration would keep it longer (default: 12 hours at gates that require a second factor).
   */
  readonly maxLoginMs?: number;
}

/** How a password check learns that its client hung up. `signal` may be a getter, read only when bcrypt is needed. */
export interface HangUp {
  readonly signal?: AbortSignal;
}

/** The credentials of one request, as it sent them. */
export interface GateCredentials {
  /** The request's cookies by name (parse-cookies.ts); the session cookie is the users configuration's. */
  readonly cookies?: ReadonlyMap<string, readonly string[]>;
  /** The Authorization header (Basic or Bearer). */
  readonly authorization?: string;
  /** The X-API-Key header. */
  readonly apiKey?: string;
  /** The key brute-force limits count against (the client's address, or its IPv6 /64). */
  readonly client: string;
  /** A person asking for a page: without credentials, a gate that has a login page sends them there. */
  readonly wantsPage?: boolean;
  readonly hangUp?: HangUp;
}

/** A password check's options; the hang-up signal is read only when the verifier needs bcrypt. */
class CheckOptions {
  constructor(
    readonly via: "basic" | "form",
    private readonly hangUp: HangUp | undefined,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.hangUp?.signal;
  }
}

export class GateDecision {
  constructor(
    private readonly policy: GatePolicy,
    private readonly provider: UsersProvider,
  ) {}

  /** The users configuration now, or the refusal when there is no usable one. */
  context(): UsersContext | Denial {
    try {
      const ctx = this.provider();
      return ctx instanceof Error ? deny("not-configured") : ctx;
    } catch {
      return deny("not-configured");
    }
  }

  hasRole(user: AuthenticatedUser): boolean {
    return this.policy.roles.length === 0 || user.roles.some((r) => this.policy.roles.includes(r));
  }

  /**
   * Decides whether a request may pass. Never throws on bad input; a store that does not answer refuses
   * everyone ("store unavailable") until it does.
   */
  async decide(credentials: GateCredentials): Promise<Decision> {
    const ctx = this.context();
    if ("allow" in ctx) return ctx;
    if (!ctx.sessions.available()) return deny("store-unavailable");
    try {
      return await this.decideWith(ctx, credentials);
    } catch (err) {
      if (err instanceof StoreUnavailableError) return deny("store-unavailable");
      throw err;
    }
  }

  /** A user name and password (the login form's, or Basic's): the verifier's answer, then the roles. */
  async checkPassword(
    username: string,
    password: string,
    from: Pick<GateCredentials, "client" | "hangUp">,
    via: "basic" | "form",
  ): Promise<Decision> {
    const ctx = this.context();
    if ("allow" in ctx) return ctx;
    const options = new CheckOptions(via, from.hangUp);
    const decision = await ctx.verifier.verify(ctx.users, username, password, from.client, options);
    if (decision.allow && !this.hasRole(decision.user)) return deny("forbidden");
    return decision;
  }

  private async decideWith(ctx: UsersContext, credentials: GateCredentials): Promise<Decision> {
    const { method } = this.policy;
    if (method !== "basic") {
      const session = await this.sessionDecision(ctx, credentials);
      if (session) return session;
      if (method === "form") return deny("login-required");
    }
    const { apiKey } = credentials;
    if (apiKey !== undefined && apiKey.length > 0) return this.checkApiKey(ctx, apiKey);
    const auth = parseAuthorization(credentials.authorization);
    if (auth.kind === "bearer") return this.checkApiKey(ctx, auth.token);
    if (auth.kind === "none") {
      return method === "both" && credentials.wantsPage === true ? deny("login-required") : deny("missing-credentials");
    }
    if (auth.kind === "invalid") return deny("malformed");
    // Basic cannot carry a code: a gate that wants a second factor says so without checking the password.
    if (this.policy.requireSecondFactor === true) return deny("second-factor-required");
    const decision = await this.checkPassword(auth.username, auth.password, credentials, "basic");
    // Nor may a password alone open the account of a user who has a second factor.
    if (decision.allow && ctx.users.find(decision.user.username)?.totp) return deny("second-factor-required");
    return decision;
  }

  /** The first of the request's session cookies that is a live session this gate accepts, if any. */
  private async sessionDecision(ctx: UsersContext, credentials: GateCredentials): Promise<Decision | undefined> {
    const { requireSecondFactor, maxLoginMs } = this.policy;
    for (const value of credentials.cookies?.get(sessionCookieName(ctx.id)) ?? []) {
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
    return undefined;
  }

  /** An API key (Bearer or X-API-Key): a lookup, no bcrypt; 256 random bits leave nothing to guess. */
  private checkApiKey(ctx: UsersContext, presented: string): Decision {
    const result = ctx.apiKeys?.check(presented, ctx.users);
    // A token that is not one of ours (another system's Bearer token) counts as no credentials.
    if (!result || (!result.ok && result.reason === "malformed")) return deny("missing-credentials");
    if (!result.ok) return deny("bad-credentials");
    return this.hasRole(result.user)
      ? { allow: true, user: result.user, via: "api-key", apiKeyId: result.keyId }
      : deny("forbidden");
  }
}
