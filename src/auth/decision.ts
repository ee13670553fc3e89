// The outcome of an authentication attempt: a value, not an exception.

export interface AuthenticatedUser {
  readonly username: string;
  readonly roles: readonly string[];
}

export type DenyReason =
  /** No credentials were sent. */
  | "missing-credentials"
  /** A browser without a session: it should be sent to the login page. */
  | "login-required"
  /** The Authorization header or the form could not be read. */
  | "malformed"
  /** Wrong user name or password (which one is never said). */
  | "bad-credentials"
  /** Too many failures from this client or for this user name. */
  | "locked"
  /** Too many password checks are waiting already. */
  | "busy"
  /** Logged in, but without an allowed role. */
  | "forbidden"
  /** The gate has no usable users configuration: it fails closed. */
  | "not-configured"
  /** The login form was posted without a valid anti-forgery token. */
  | "csrf"
  /** A second factor is needed and cannot come this way (Basic), or the user has none set up. */
  | "second-factor-required"
  /** The store of sessions and lockouts does not answer: nobody gets in until it does. */
  | "store-unavailable"
  /** The request target could be read in more than one way (see request-target.ts): refused, not guessed at. */
  | "ambiguous-target";

export type Decision =
  | {
      readonly allow: true;
      readonly user: AuthenticatedUser;
      readonly via: "session" | "basic" | "form" | "api-key";
      /** The session that let the request in (via "session"): connections it opens end with it. */
      readonly sessionId?: string;
      /** The API key that let it in (via "api-key"): connections it opens end with the key. */
      readonly apiKeyId?: string;
    }
  | {
      readonly allow: false;
      readonly reason: DenyReason;
      readonly status: 400 | 401 | 403 | 429 | 503;
      /** For "locked" and "busy": when to try again. */
      readonly retryAfterSeconds?: number;
    };

export type Denial = Extract<Decision, { allow: false }>;

const STATUS: Record<DenyReason, Denial["status"]> = {
  "missing-credentials": 401,
  "login-required": 401,
  malformed: 400,
  "bad-credentials": 401,
  locked: 429,
  busy: 429,
  forbidden: 403,
  "not-configured": 503,
  csrf: 403,
  "second-factor-required": 403,
  "store-unavailable": 503,
  "ambiguous-target": 400,
};

export function deny(reason: DenyReason, retryAfterSeconds?: number): Denial {
  return retryAfterSeconds === undefined
    ? { allow: false, reason, status: STATUS[reason] }
    : { allow: false, reason, status: STATUS[reason], retryAfterSeconds };
}

/** Words for node status and logs: they never include a user name or a password. */
/** English, for HTTP answers and msg.auth; the node status words them in Node-RED's language ("auth-gate.reason.*"). */
export const REASON_TEXT: Record<DenyReason, string> = {
  "missing-credentials": "no credentials",
  "login-required": "not logged in",
  malformed: "malformed credentials",
  "bad-credentials": "wrong user name or password",
  locked: "too many failures: locked",
  busy: "too many checks waiting",
  forbidden: "role not allowed",
  "not-configured": "no users configured",
  csrf: "login form without a valid token",
  "second-factor-required": "a second factor is required: log in on the login page, or use an API key",
  "store-unavailable": "store unavailable",
  "ambiguous-target": "request path refused: it could be read in more than one way",
};
