// security.adminAuth(options) for settings.js: Node-RED's editor login through the package's own login
// page. Node-RED asks a passport strategy (adminAuth type "strategy", autoLogin); the strategy hands
// <httpAdminRoot>/auth/strategy and its POST callback to an AuthGate, so the editor gets the same
// users, lockouts, bcrypt pool, CSRF-safe form and second-factor step as every gate. A successful login
// goes back to Node-RED, which makes its own token (sessionExpiryTime and all) as for any strategy.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { Request, Response } from "express";
import type { AuthenticatedUser } from "../auth/decision";
import { AuthGate } from "../gate/auth-gate";
import type { UsersContext } from "../auth/users-context";
import { renderLoginPage } from "../gate/login-page";
import { loginTextFor } from "../gate/login-catalogue";
import { translator } from "../i18n/catalog";
import { UserDirectory, type UserRecord } from "../auth/users";
import {
  currentUsers,
  SecurityConfigError,
  type SessionOptions,
  type UsersHandle,
  type UsersOption,
  usersSource,
} from "../middleware/users-source";
import { setEditorGuard } from "./editor-guard";
import {
  adminRoles,
  editorPermission,
  editorRoles,
  type EditorPermission,
  type PermissionMap,
  readPermissions,
} from "./permissions";
import { RECOVERY_USERNAME, recoveryFilePath, runningUserDir } from "./recovery";

export { editorPermission, readPermissions, DEFAULT_PERMISSIONS, type PermissionMap } from "./permissions";
export { editorLoginSettingsLine, createEditorUsersFile, type EditorUsersRef } from "./settings-line";
export { writeRecoveryFile, recoveryFilePath } from "./recovery";

export const STRATEGY_NAME = "node-red-contrib-security";
const PREFIX = "[node-red-contrib-security]";
/** The role recovery users carry inside the login: full permission whatever `permissions` says. */
const RECOVERY_ROLE = "\u0000editor-recovery";
const LOGIN_PATH = "/auth/strategy";
const CALLBACK_PATH = "/auth/strategy/callback";

export interface AdminAuthOptions extends SessionOptions {
  /** The id of an auth-users node, a list of { username, password: <bcrypt hash>, roles }, or a JSON file. */
  readonly users: UsersOption;
  /** Role → Node-RED permission ("*", "read", or scopes). Default { admin: "*" }: other roles are refused. */
  readonly permissions?: Record<string, EditorPermission>;
  /** Users must also give the code of their authenticator app (users of an auth-users node who set one up). */
  readonly requireSecondFactor?: boolean;
  /** Believe X-Forwarded-For/-Proto/-Host: only behind a reverse proxy you run. */
  readonly trustProxy?: boolean;
  /** Title of the login page (default "Node-RED"). */
  readonly title?: string;
  /** Node-RED's user directory, where reset-editor-login writes its file (default: Node-RED's --userDir, else ~/.node-red). */
  readonly userDir?: string;
  /** Seconds an editor login lasts (Node-RED's own adminAuth.sessionExpiryTime; default 7 days). */
  readonly sessionExpiryTime?: number;
}

/** Node-RED's user, as adminAuth.users(username) answers. */
export interface EditorUser {
  readonly username: string;
  readonly permissions: EditorPermission;
}

/** What settings.js' adminAuth becomes. */
export interface EditorAdminAuth {
  readonly type: "strategy";
  readonly strategy: {
    readonly name: string;
    readonly label: string;
    readonly icon: string;
    readonly autoLogin: true;
    readonly strategy: new (options: unknown, verify: VerifyFunction) => unknown;
    readonly options: { readonly callbackMethod: "post" };
  };
  readonly users: (username: string) => Promise<EditorUser | null>;
  readonly sessionExpiryTime?: number;
  /** Why the editor login refuses everyone, when it does (also logged, and shown on the login page). */
  problem(): string | undefined;
}

type VerifyDone = (err: unknown, user?: unknown) => void;
type VerifyFunction = (profile: { username: string }, done: VerifyDone) => void;

/** The request-bound copy of the strategy passport makes for each request, with its outcome methods. */
interface StrategyRun {
  readonly _verify: VerifyFunction;
  success(user: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  error(err: unknown): void;
}

/** Users of the recovery file first (with their own role), then the list's. */
class EditorDirectory extends UserDirectory {
  constructor(
    private readonly recovery: UserDirectory,
    private readonly list: UserDirectory | undefined,
  ) {
    super([]);
  }

  override find(username: string): UserRecord | undefined {
    const rescue = this.recovery.find(username);
    if (rescue) return { ...rescue, roles: [RECOVERY_ROLE] };
    return this.list?.find(username);
  }

  override get size(): number {
    return this.recovery.size + (this.list?.size ?? 0);
  }

  override get activeCount(): number {
    return this.recovery.activeCount + (this.list?.activeCount ?? 0);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A reason fit for strangers' eyes: file names without the directories they live in. */
function publicReason(reason: string): string {
  return reason.replace(/(?:[A-Za-z]:)?[\\/][^\s:"']+/g, (path) => basename(path));
}

function checkOptions(given: Partial<AdminAuthOptions>): { permissions: PermissionMap; problem?: string } {
  let permissions: PermissionMap = { admin: "*" };
  try {
    permissions = readPermissions(given.permissions);
    for (const name of ["requireSecondFactor", "trustProxy"] as const) {
      if (given[name] !== undefined && typeof given[name] !== "boolean") {
        throw new SecurityConfigError(`${name} must be true or false`);
      }
    }
    if (given.title !== undefined && typeof (given.title as unknown) !== "string")
      throw new SecurityConfigError("title must be a string");
    if (given.userDir !== undefined && (typeof given.userDir !== "string" || given.userDir.length === 0)) {
      throw new SecurityConfigError("userDir must be the path of Node-RED's user directory");
    }
    const expiry = given.sessionExpiryTime;
    if (expiry !== undefined && (typeof expiry !== "number" || !Number.isFinite(expiry) || expiry <= 0)) {
      throw new SecurityConfigError("sessionExpiryTime must be a positive number of seconds");
    }
    return { permissions };
  } catch (err) {
    return { permissions, problem: message(err) };
  }
}

/**
 * Node-RED's `adminAuth` for settings.js: `adminAuth: security.adminAuth({ users: "<auth-users id>" })`.
 * Never throws: unusable options or users leave Node-RED running, log one line, refuse every login and
 * say why on the login page; `npx node-red-contrib-security reset-editor-login` gets you back in.
 */
export function adminAuth(options: AdminAuthOptions): EditorAdminAuth {
  // settings.js is plain JavaScript: the options may be anything.
  const raw: unknown = options;
  const given: Partial<AdminAuthOptions> = typeof raw === "object" && raw !== null ? raw : {};
  const checked = checkOptions(given);
  const permissions = checked.permissions;
  const handle: UsersHandle = usersSource(given.users, given);
  if (typeof given.users === "string" && handle.lazy === true) {
    setEditorGuard({ usersId: given.users, adminRoles: adminRoles(permissions) });
  }

  // The recovery file counts when it is there at start (a restart after reset-editor-login).
  const recoveryPath = recoveryFilePath(given.userDir ?? runningUserDir());
  let recovery: UsersContext | Error | undefined;
  if (existsSync(recoveryPath)) {
    recovery = currentUsers(usersSource(recoveryPath));
    if (recovery instanceof Error) {
      console.error(`${PREFIX} adminAuth(): the recovery file cannot be used: ${recovery.message}`);
    } else {
      console.warn(
        `${PREFIX} adminAuth(): the recovery login "${RECOVERY_USERNAME}" from ${recoveryPath} is accepted. ` +
          "Delete that file and restart once you have your own editor login back.",
      );
    }
  }
  const rescue = recovery instanceof Error ? undefined : recovery;

  const merged = new WeakMap<UserDirectory, UsersContext>();
  let rescueOnly: UsersContext | undefined;
  const provider = (): UsersContext | Error => {
    const primary = currentUsers(handle);
    if (!rescue) return primary;
    if (primary instanceof Error) {
      rescueOnly ??= { ...rescue, users: new EditorDirectory(rescue.users, undefined) };
      return rescueOnly;
    }
    let ctx = merged.get(primary.users);
    if (!ctx) {
      ctx = { ...primary, users: new EditorDirectory(rescue.users, primary.users) };
      merged.set(primary.users, ctx);
    }
    return ctx;
  };

  let logged = "";
  const problem = (): string | undefined => {
    if (checked.problem) return checked.problem;
    const ctx = provider();
    return ctx instanceof Error ? message(ctx) : undefined;
  };
  const report = (): string | undefined => {
    const why = problem();
    if (why && why !== logged) {
      logged = why;
      console.error(
        `${PREFIX} adminAuth(): ${why}. The editor login refuses everyone until this is fixed; on this machine, ` +
          '"npx node-red-contrib-security reset-editor-login" makes a recovery login.',
      );
    }
    return why;
  };
  // A node id can only be found once the flows run; anything else is wrong now and for good.
  if (checked.problem || handle.lazy !== true) report();

  const gate = new AuthGate(
    {
      method: "form",
      realm: "Node-RED",
      roles: [...editorRoles(permissions), RECOVERY_ROLE],
      title: given.title || "Node-RED",
      scope: LOGIN_PATH,
      loginPath: LOGIN_PATH,
      logoutPath: `${LOGIN_PATH}/logout`,
      formAction: CALLBACK_PATH,
      trustProxy: given.trustProxy === true,
      securityHeaders: true,
      // During a recovery its user has no second factor: the requirement waits until the file is gone.
      requireSecondFactor: given.requireSecondFactor === true && !rescue,
      text: loginTextFor,
      completeLogin: (req, res, user) => completeLogin(req, res, user),
    },
    () => (checked.problem ? new Error(checked.problem) : provider()),
  );

  const runs = new WeakMap<Request, StrategyRun>();

  /** Back to Node-RED: its verify makes the editor token, and passport's success redirects with it. */
  function completeLogin(req: Request, _res: Response, user: AuthenticatedUser): Promise<void> {
    const run = runs.get(req);
    if (!run) return Promise.reject(new Error("the editor login lost its request"));
    return new Promise((resolve) => {
      run._verify({ username: user.username }, (err, editorUser) => {
        if (err) run.error(err);
        else if (editorUser) run.success(editorUser);
        else run.fail({ message: "Unauthorized" }, 401);
        resolve();
      });
    });
  }

  function problemPage(req: Request, res: Response, why: string): void {
    const nonce = randomBytes(16).toString("base64");
    // In the visitor's language, as the login page itself; the reason names settings and files, in English.
    const { lang, text: words } = loginTextFor(req.headers["accept-language"]);
    const broken = translator(
      "auth-gate.json",
      lang,
      "nodes/locales",
    )({
      key: "login.editorBroken",
      params: { reason: publicReason(why) },
    });
    const text = { ...words, formError: broken };
    res.set({
      "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "same-origin",
    });
    res
      .status(503)
      .type("html")
      .send(
        renderLoginPage({
          lang,
          title: given.title || "Node-RED",
          action: `${req.baseUrl}${CALLBACK_PATH}`,
          csrfToken: "",
          next: "",
          nonce,
          text,
          notice: "formError",
        }),
      );
  }

  class EditorLoginStrategy {
    readonly name = STRATEGY_NAME;
    readonly _verify: VerifyFunction;

    constructor(_options: unknown, verify: VerifyFunction) {
      this._verify = verify;
    }

    authenticate(this: StrategyRun, req: Request): void {
      const res = req.res;
      if (!res) {
        this.error(new Error("no response to answer"));
        return;
      }
      const why = report();
      if (why && !(rescue && !checked.problem)) {
        problemPage(req, res, why);
        return;
      }
      runs.set(req, this);
      gate
        .handleOwnRoute(req, res, req.path)
        .then((handled) => {
          if (!handled && !res.headersSent) res.status(405).set("Allow", "GET, POST").end();
        })
        .catch((err: unknown) => {
          console.error(`${PREFIX} adminAuth(): the login failed: ${message(err)}`);
          if (!res.headersSent) res.status(500).type("text").send("The login failed; see the Node-RED log");
        });
    }
  }

  const users = (username: string): Promise<EditorUser | null> => {
    const ctx = checked.problem ? undefined : provider();
    if (!ctx || ctx instanceof Error || typeof username !== "string") return Promise.resolve(null);
    const record = ctx.users.find(username);
    if (!record?.enabled || record.hash === undefined) return Promise.resolve(null);
    const permission = record.roles.includes(RECOVERY_ROLE) ? "*" : editorPermission(record.roles, permissions);
    return Promise.resolve(permission === undefined ? null : { username, permissions: permission });
  };

  return {
    type: "strategy",
    strategy: {
      name: STRATEGY_NAME,
      label: "Log in",
      icon: "fa-lock",
      autoLogin: true,
      strategy: EditorLoginStrategy,
      options: { callbackMethod: "post" },
    },
    users,
    ...(typeof given.sessionExpiryTime === "number" && !checked.problem
      ? { sessionExpiryTime: given.sessionExpiryTime }
      : {}),
    problem: () => problem(),
  };
}
