// security.adminAuth(options) for settings.js: Node-RED's editor login through the package's own login
// page. Node-RED asks a passport strategy (adminAuth type "strategy", autoLogin); the strategy hands
// <httpAdminRoot>/auth/strategy and its POST callback to an AuthGate, so the editor gets the same
// users, lockouts, bcrypt pool, CSRF-safe form and second-factor step as every gate. A successful login
// goes back to Node-RED, which makes its own token (sessionExpiryTime and all) as for any strategy.
import { AuthGate } from "../gate/auth-gate";
import { loginTextFor } from "../gate/login-catalogue";
import { SecurityConfigError, type SessionOptions, type UsersOption, usersSource } from "../middleware/users-source";
import { setEditorGuard } from "./editor-guard";
import { editorUser, editorUsers, type EditorUser, loadRecovery, RECOVERY_LOGIN_ROLE } from "./editor-users";
import { adminRoles, editorRoles, type EditorPermission, type PermissionMap, readPermissions } from "./permissions";
import { message, problemReporter } from "./problem-page";
import { editorLoginStrategy, STRATEGY_NAME, type VerifyFunction } from "./strategy";

export { editorPermission, readPermissions, DEFAULT_PERMISSIONS, type PermissionMap } from "./permissions";
export { editorLoginSettingsLine, createEditorUsersFile, type EditorUsersRef } from "./settings-line";
export { writeRecoveryFile, recoveryFilePath } from "./recovery";

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
  const handle = usersSource(given.users, given);
  if (typeof given.users === "string" && handle.lazy === true) {
    setEditorGuard({ usersId: given.users, adminRoles: adminRoles(permissions) });
  }
  const rescue = loadRecovery(given.userDir);
  const provider = editorUsers(handle, rescue);
  const problem = (): string | undefined => {
    if (checked.problem) return checked.problem;
    const ctx = provider();
    return ctx instanceof Error ? message(ctx) : undefined;
  };
  const report = problemReporter(problem);
  // A node id can only be found once the flows run; anything else is wrong now and for good.
  if (checked.problem || handle.lazy !== true) report();

  const title = given.title || "Node-RED";
  const login = editorLoginStrategy(
    {
      // During a recovery a problem with the users (not the options) leaves the recovery login working.
      refusal: () => {
        const why = report();
        return why && !(rescue && !checked.problem) ? why : undefined;
      },
      title,
      callbackPath: CALLBACK_PATH,
    },
    () => gate,
  );
  const gate = new AuthGate(
    {
      method: "form",
      realm: "Node-RED",
      roles: [...editorRoles(permissions), RECOVERY_LOGIN_ROLE],
      title,
      scope: LOGIN_PATH,
      loginPath: LOGIN_PATH,
      logoutPath: `${LOGIN_PATH}/logout`,
      formAction: CALLBACK_PATH,
      trustProxy: given.trustProxy === true,
      securityHeaders: true,
      // During a recovery its user has no second factor: the requirement waits until the file is gone.
      requireSecondFactor: given.requireSecondFactor === true && !rescue,
      text: loginTextFor,
      completeLogin: login.completeLogin,
    },
    () => (checked.problem ? new Error(checked.problem) : provider()),
  );

  return {
    type: "strategy",
    strategy: {
      name: STRATEGY_NAME,
      label: "Log in",
      icon: "fa-lock",
      autoLogin: true,
      strategy: login.strategy,
      options: { callbackMethod: "post" },
    },
    users: (username) => Promise.resolve(editorUser(checked.problem ? undefined : provider(), username, permissions)),
    ...(typeof given.sessionExpiryTime === "number" && !checked.problem
      ? { sessionExpiryTime: given.sessionExpiryTime }
      : {}),
    problem: () => problem(),
  };
}
