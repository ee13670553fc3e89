// Admin endpoints of the Security tab's settings fixes: turning the editor login on (with a deployed
// auth-users list or a new users file) and the one-line settings (credentialSecret, uiHost, the palette's
// install limits, and httpNodeCors — whose wildcard can only be changed by hand, so the tab shows where).
// All need the plugin's full permission; every settings.js edit is logged with the user's name.
import type { Request, RequestHandler, Response } from "express";
import { jsonBody, sendError, sendNoStoreJson, who } from "./routes";
import { EditorLoginInputError, MIN_EDITOR_PASSWORD, turnOnEditorLogin } from "../admin-auth/turn-on";
import { checkSettingsEdit, SettingsEditError } from "../settings-file/edit-settings";
import { applyOneLineFix, ONE_LINE_FIXES, type OneLineFix } from "../settings-file/one-line-fixes";
import { restartAdvice } from "../settings-file/restart";
import { languageFromAcceptLanguage, matchLanguage } from "../i18n/catalog";
import type { RedApi } from "../red-api";
import { readUsersCredentials } from "../runtime/users-credentials";
import { httpsText } from "../tls/check-pair";

export const EDITOR_LOGIN_PATH = "/security/editor-login";
export const SETTINGS_FIX_PATH = "/security/settings-fix";

/** What the tab suggests for a wildcard httpNodeCors (the user puts in their own site). */
export const CORS_WANTED = '{ origin: "https://my-app.example.com" }';

type GetCredentials = (id: string) => unknown;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface UsersListSummary {
  readonly id: string;
  readonly name: string;
  /** Enabled users with the role "admin" and a password: they become the editor's admins. */
  readonly admins: number;
}

/** The deployed auth-users nodes with how many admins with passwords each has (counts only). */
export function deployedUsersLists(RED: RedApi): UsersListSummary[] {
  const eachNode = RED.nodes?.eachNode;
  const getCredentials = (RED.nodes as { getCredentials?: GetCredentials } | undefined)?.getCredentials;
  if (typeof eachNode !== "function") return [];
  const lists: UsersListSummary[] = [];
  eachNode.call(RED.nodes, (node) => {
    if (node.type !== "auth-users" || typeof node.id !== "string") return;
    let hashes: Record<string, string> = {};
    try {
      const creds = typeof getCredentials === "function" ? getCredentials.call(RED.nodes, node.id) : undefined;
      hashes = readUsersCredentials(creds).hashes;
    } catch {
      // Unreadable credentials: no admin with a password can be counted.
    }
    const accounts = Array.isArray(node.accounts) ? (node.accounts as unknown[]) : [];
    const admins = accounts.filter(
      (u) =>
        isObject(u) &&
        u.enabled !== false &&
        typeof u.username === "string" &&
        u.username.trim() !== "" &&
        Array.isArray(u.roles) &&
        u.roles.includes("admin") &&
        typeof u.id === "string" &&
        typeof hashes[u.id] === "string" &&
        hashes[u.id] !== "",
    ).length;
    lists.push({ id: node.id, name: typeof node.name === "string" && node.name ? node.name : node.id, admins });
  });
  return lists;
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}

function settingsFileOf(RED: RedApi): string | undefined {
  return typeof RED.settings.settingsFile === "string" ? RED.settings.settingsFile : undefined;
}

function noFile(res: Response): void {
  sendError(
    res,
    400,
    "ERR_NRS_NO_SETTINGS_FILE",
    "This Node-RED was not started from a settings.js file: add the line by hand",
  );
}

/**
 * A settings.js edit that did not happen: the edit's own error code (its words in the request's language,
 * ?lang= or Accept-Language; the log line stays English), bad input, or a failure for the log.
 */
function editFailed(RED: RedApi, req: Request, res: Response, err: unknown, user: string, what: string): void {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SettingsEditError) {
    RED.log.warn(`[security] ${user} tried to ${what}; nothing was changed: ${message}`);
    const lang = matchLanguage(req.query.lang) ?? languageFromAcceptLanguage(req.headers["accept-language"]);
    sendNoStoreJson(res.status(err.code === "active-key" ? 409 : 400), {
      error: httpsText(err.text, lang),
      code: `ERR_NRS_SETTINGS_${err.code.toUpperCase().replace(/-/g, "_")}`,
      ...(err.activeKey ? { activeKey: err.activeKey } : {}),
    });
    return;
  }
  if (err instanceof EditorLoginInputError) {
    sendError(res, 400, "ERR_NRS_INPUT", message);
    return;
  }
  RED.log.error(`[security] ${what} failed: ${message}`);
  sendError(res, 500, "ERR_NRS_SETTINGS", `Could not ${what}; see the Node-RED log`);
}

/** Where the editor's users come from: a deployed list with an admin, or a new user for a new users file. */
function loginSource(
  RED: RedApi,
  res: Response,
  fields: Record<string, unknown>,
): { node: string } | { newUser: { username: string; password: string } } | undefined {
  const { list, username, password } = fields;
  if (typeof list !== "string" || list === "") {
    return {
      newUser: {
        username: typeof username === "string" ? username : "",
        password: typeof password === "string" ? password : "",
      },
    };
  }
  const found = deployedUsersLists(RED).find((l) => l.id === list);
  if (!found) {
    sendError(res, 400, "ERR_NRS_INPUT", "No deployed auth-users list has that id");
    return undefined;
  }
  if (found.admins === 0) {
    sendError(
      res,
      400,
      "ERR_NRS_NO_ADMIN",
      `The list "${found.name}" has no enabled user with the role "admin" and a password: nobody could log in`,
    );
    return undefined;
  }
  return { node: found.id };
}

/** The editor login: whether it is on, the lists that could guard it, and turning it on. */
function registerEditorLoginApi(RED: RedApi, guard: RequestHandler): void {
  RED.httpAdmin.get(EDITOR_LOGIN_PATH, guard, (req: Request, res: Response) => {
    sendNoStoreJson(res, {
      adminAuth: RED.settings.adminAuth ? "set" : "none",
      lists: deployedUsersLists(RED),
      minPassword: MIN_EDITOR_PASSWORD,
      settingsFile: settingsFileOf(RED) ?? null,
      requestLocal: isLoopback(req.socket.remoteAddress),
      restart: restartAdvice(),
    });
  });

  RED.httpAdmin.post(EDITOR_LOGIN_PATH, guard, (req: Request, res: Response) => {
    const file = settingsFileOf(RED);
    const dir = typeof RED.settings.userDir === "string" ? RED.settings.userDir : undefined;
    if (file === undefined || dir === undefined) return noFile(res);
    const fields = jsonBody(req);
    const user = who(req);
    const source = loginSource(RED, res, fields);
    if (!source) return;
    turnOnEditorLogin({
      userDir: dir,
      settingsFile: file,
      source,
      requireSecondFactor: fields.requireSecondFactor === true,
      by: user,
    })
      .then((result) => {
        RED.log.info(
          `[security] ${user} turned on the editor login in ${file} (backup: ${result.edit.backup}${result.usersFile ? `, users file: ${result.usersFile}` : ""}); restart Node-RED to use it`,
        );
        sendNoStoreJson(res, {
          diff: result.edit.diff,
          backup: result.edit.backup,
          restart: result.edit.restart,
          line: result.line,
          usersFile: result.usersFile ?? null,
        });
      })
      .catch((err: unknown) => editFailed(RED, req, res, err, user, "turn on the editor login"));
  });
}

/** The one-line settings; a wildcard httpNodeCors is only pointed at (it is changed by hand). */
function registerSettingsFixApi(RED: RedApi, guard: RequestHandler): void {
  RED.httpAdmin.post(SETTINGS_FIX_PATH, guard, (req: Request, res: Response) => {
    const file = settingsFileOf(RED);
    if (file === undefined) return noFile(res);
    const { fix } = jsonBody(req);
    const user = who(req);
    if (fix === "cors") {
      // A wildcard is an active key: the editor never overwrites one, it only says which line to change.
      checkSettingsEdit(file, [{ key: "httpNodeCors", value: CORS_WANTED }])
        .then(() => sendError(res, 409, "ERR_NRS_NOT_SET", "settings.js does not set httpNodeCors"))
        .catch((err: unknown) => editFailed(RED, req, res, err, user, "change httpNodeCors"));
      return;
    }
    if (typeof fix !== "string" || !(ONE_LINE_FIXES as readonly string[]).includes(fix)) {
      return sendError(res, 400, "ERR_NRS_INPUT", `fix must be one of ${[...ONE_LINE_FIXES, "cors"].join(", ")}`);
    }
    if (fix === "ui-host" && !isLoopback(req.socket.remoteAddress)) {
      return sendError(
        res,
        409,
        "ERR_NRS_NOT_LOCAL",
        'This page did not come through this machine: with uiHost "127.0.0.1" you could no longer reach the editor from where you are',
      );
    }
    applyOneLineFix(file, fix as OneLineFix, { by: user })
      .then((result) => {
        RED.log.info(`[security] ${user} applied the ${fix} fix to ${file} (backup: ${result.edit.backup})`);
        sendNoStoreJson(res, {
          diff: result.edit.diff,
          backup: result.edit.backup,
          restart: result.edit.restart,
          ...(result.maskedSecret === undefined ? {} : { maskedSecret: result.maskedSecret }),
        });
      })
      .catch((err: unknown) => editFailed(RED, req, res, err, user, `apply the ${fix} fix`));
  });
}

export function registerSettingsFixesApi(RED: RedApi, guard: RequestHandler): void {
  registerEditorLoginApi(RED, guard);
  registerSettingsFixApi(RED, guard);
}
