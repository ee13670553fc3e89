// The auth-users dialog's passwords: which users have one (and at what cost), and setting or removing
// them. Passwords are hashed here; neither a password nor a hash is ever sent back to the editor.
import type { Request, Response } from "express";
import { sharedBcryptPool } from "../auth/bcrypt-pool";
import { PasswordInputError, validateCost, validateNewPassword } from "../auth/hash-password";
import { classifyHash } from "../auth/password-hash";
import { passwordWarnings } from "../auth/password-strength";
import { passwordRemovalProblem } from "../admin-auth/deployed-admins";
import { trackPasswordWork } from "../runtime/password-work";
import { saveCredentials, storedCredentials, USERS_TYPE } from "../runtime/users-credentials";
import {
  NODE_ID,
  type NodesRed,
  type TypePermissions,
  jsonBody,
  nodeIdOf,
  sendBusy,
  sendError,
  sendFailure,
  sendNoStoreJson,
} from "./routes";

type Summary = Record<string, { hasPassword: true; cost?: number }>;

/** Booleans and numbers only. */
function summary(hashes: Record<string, string>): Summary {
  return Object.fromEntries(
    Object.entries(hashes).map(([userId, hash]) => {
      const cost = classifyHash(hash).cost;
      return [userId, cost === undefined ? { hasPassword: true as const } : { hasPassword: true as const, cost }];
    }),
  );
}

/** A request's new passwords and cost, checked; undefined after a 400 answer. */
function readChange(req: Request, res: Response): { cost: number; passwords: [string, string][] } | undefined {
  const body = jsonBody(req);
  if (body.set !== undefined && (typeof body.set !== "object" || body.set === null || Array.isArray(body.set))) {
    sendError(res, 400, "ERR_NRS_INPUT", '"set" must be an object of user ids and passwords');
    return undefined;
  }
  const set = (body.set ?? {}) as Record<string, unknown>;
  const passwords: [string, string][] = [];
  let cost: number;
  try {
    cost = validateCost(body.cost);
    for (const [userId, password] of Object.entries(set)) {
      if (!NODE_ID.test(userId)) {
        sendError(res, 400, "ERR_NRS_USER_ID", "Invalid user id");
        return undefined;
      }
      passwords.push([userId, validateNewPassword(password)]);
    }
  } catch (err) {
    if (!(err instanceof PasswordInputError)) throw err;
    sendError(res, 400, err.code, err.message);
    return undefined;
  }
  if (passwords.length > 50) {
    sendError(res, 400, "ERR_NRS_TOO_MANY", "Set at most 50 passwords at once");
    return undefined;
  }
  return { cost, passwords };
}

export function registerPasswordsApi(RED: NodesRed, { read, write }: TypePermissions): void {
  const currentHashes = (id: string): Record<string, string> => storedCredentials(RED.nodes, id).hashes;

  RED.httpAdmin.get(`/${USERS_TYPE}/:id/passwords`, read, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id !== undefined) sendNoStoreJson(res, { users: summary(currentHashes(id)) });
  });

  // Takes effect at the next deploy.
  RED.httpAdmin.post(`/${USERS_TYPE}/:id/passwords`, write, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id === undefined) return;
    const body = jsonBody(req);
    const remove = Array.isArray(body.remove) ? body.remove.filter((r): r is string => typeof r === "string") : [];
    const change = readChange(req, res);
    if (!change) return;
    const lockout = passwordRemovalProblem(id, currentHashes(id), remove);
    if (lockout) return sendError(res, 409, "ERR_NRS_LAST_EDITOR_ADMIN", lockout);
    const { cost, passwords } = change;
    const work = Promise.all(
      passwords.map(async ([userId, pw]) => [userId, await sharedBcryptPool().hash(pw, cost)] as const),
    ).then(async (made) => {
      const dropped = new Set(remove);
      const hashes = Object.fromEntries(Object.entries(currentHashes(id)).filter(([userId]) => !dropped.has(userId)));
      for (const [userId, hash] of made) hashes[userId] = hash;
      await saveCredentials(RED.nodes, id, { hashes });
      return hashes;
    });
    // A deploy that comes before this is done applies it when it is (src/nodes/auth-users.ts).
    trackPasswordWork(id, work);
    work
      .then((hashes) => {
        const warnings: Record<string, string[]> = {};
        for (const [userId, pw] of passwords) {
          const list = passwordWarnings(pw);
          if (list.length > 0) warnings[userId] = list;
        }
        sendNoStoreJson(res, { users: summary(hashes), warnings });
      })
      .catch((err: unknown) => {
        if (sendBusy(res, err)) return;
        sendFailure(
          res,
          RED.log,
          `[${USERS_TYPE}] setting passwords failed`,
          err,
          "ERR_NRS_HASH",
          "Setting the password failed; see the Node-RED log",
        );
      });
  });
}
