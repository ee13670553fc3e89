// Second-factor enrolment for the users of an auth-users node, through the editor's admin API.
// The secret leaves the server once (to be put into an authenticator app) and is saved only after the
// person proved the app has it by typing a code; recovery codes are shown once and stored as hashes.
// What is saved is the node's `totp` credential, read at the next deploy.
import type { Request, RequestHandler, Response } from "express";
import { BoundedMap } from "../auth/bounded-map";
import { TotpChecker, makeRecoveryCodes, makeTotpSecret, otpauthUri, totpProblem } from "../auth/totp";
import { saveCredentials, storedCredentials, type TotpEnrolment, USERS_TYPE } from "../runtime/users-credentials";
import {
  NODE_ID,
  type NodesRed,
  type TypePermissions,
  idParams,
  jsonBody,
  nodeIdOf,
  sendError,
  sendFailure,
  sendNoStoreJson,
} from "./routes";

const BASE = `/${USERS_TYPE}/:id/totp`;
const PENDING_MS = 10 * 60_000;
const MAX_WRONG = 5;
const RECOVERY_COUNT = 10;

interface Pending {
  readonly secret: string;
  wrong: number;
}

/** Secrets made but not yet confirmed: few, short-lived, and lost on restart (set up again then). */
type PendingSecrets = BoundedMap<string, Pending>;

/** The deployed configuration of a users node: its name and its users' ids and names. */
interface DeployedUsers {
  readonly name: string;
  readonly accounts: ReadonlyMap<string, string>;
}

function deployedUsers(RED: NodesRed, id: string): DeployedUsers | undefined {
  let found: DeployedUsers | undefined;
  try {
    RED.nodes.eachNode?.((node) => {
      if (node.id !== id || node.type !== USERS_TYPE) return;
      const accounts = new Map<string, string>();
      for (const a of Array.isArray(node.accounts) ? (node.accounts as unknown[]) : []) {
        const u = (typeof a === "object" && a !== null ? a : {}) as Record<string, unknown>;
        if (typeof u.id === "string" && typeof u.username === "string") accounts.set(u.id, u.username.trim());
      }
      found = { name: typeof node.name === "string" ? node.name.trim() : "", accounts };
    });
  } catch {
    return undefined;
  }
  return found;
}

/** The node and user ids of a route (":" is in neither, so `key` is unique); undefined after a 400. */
function userIds(req: Request, res: Response): { id: string; userId: string; key: string } | undefined {
  const ids = idParams(req, res, { id: NODE_ID, userId: NODE_ID });
  return ids && { ...ids, key: `${ids.id}:${ids.userId}` };
}

/** Saves one user's enrolment (or its removal); the hashes, session secret and API keys stay as they are. */
function saveEnrolment(RED: NodesRed, id: string, userId: string, enrolment: TotpEnrolment | undefined): Promise<void> {
  const all = storedCredentials(RED.nodes, id).totp;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- keyed by user id by design
  if (enrolment === undefined) delete all[userId];
  else all[userId] = enrolment;
  return saveCredentials(RED.nodes, id, { totp: all });
}

function enrolmentOf(RED: NodesRed, id: string, userId: string): TotpEnrolment | undefined {
  const all = storedCredentials(RED.nodes, id).totp;
  return Object.hasOwn(all, userId) ? all[userId] : undefined;
}

/** Who has a second factor, since when, and how many recovery codes are left. Never a secret or hash. */
function registerTotpStatus(RED: NodesRed, read: RequestHandler): void {
  RED.httpAdmin.get(BASE, read, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id === undefined) return;
    const users = Object.fromEntries(
      Object.entries(storedCredentials(RED.nodes, id).totp).map(([userId, e]) => [
        userId,
        { enrolled: true, enrolledAt: e.enrolledAt, recoveryLeft: e.recovery.length },
      ]),
    );
    sendNoStoreJson(res, { users });
  });
}

/**
 * Makes a secret for a deployed user and keeps it pending until a code from the app confirms it.
 * This answer is the only time the secret leaves the server.
 */
function registerTotpStart(RED: NodesRed, write: RequestHandler, pending: PendingSecrets): void {
  RED.httpAdmin.post(`${BASE}/:userId/start`, write, (req: Request, res: Response) => {
    const which = userIds(req, res);
    if (!which) return;
    const config = deployedUsers(RED, which.id);
    if (!config) {
      return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy the users list before setting up a second factor");
    }
    const deployedName = config.accounts.get(which.userId);
    if (deployedName === undefined) {
      return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy this user before setting up a second factor");
    }
    if (enrolmentOf(RED, which.id, which.userId)) {
      return sendError(res, 409, "ERR_NRS_TOTP_ENROLLED", "This user already has a second factor: remove it first");
    }
    const given = jsonBody(req).username;
    // Only the label the app shows; the enrolment belongs to the user id.
    const username = (typeof given === "string" && given.trim() ? given.trim() : deployedName).slice(0, 100);
    const issuer = config.name.slice(0, 100) || "Node-RED";
    const problem = totpProblem();
    if (problem !== undefined) return sendError(res, 501, "ERR_NRS_TOTP_UNAVAILABLE", problem);
    const secret = makeTotpSecret();
    pending.set(which.key, { secret, wrong: 0 }, PENDING_MS);
    sendNoStoreJson(res, { uri: otpauthUri(issuer, username, secret), secret });
  });
}

/** Saves the pending secret once a code made from it is typed, with fresh recovery codes shown once. */
function registerTotpConfirm(RED: NodesRed, write: RequestHandler, pending: PendingSecrets): void {
  const checker = new TotpChecker({ maxUsers: 1000 });
  RED.httpAdmin.post(`${BASE}/:userId/confirm`, write, (req: Request, res: Response) => {
    const which = userIds(req, res);
    if (!which) return;
    const noPending = (): void =>
      sendError(
        res,
        409,
        "ERR_NRS_TOTP_PENDING",
        "No set-up in progress for this user (it lasts 10 minutes): set up again",
      );
    const entry = pending.get(which.key);
    if (!entry) return noPending();
    const given = jsonBody(req).code;
    const code = typeof given === "string" ? given.slice(0, 20) : "";
    checker
      .check(which.key, entry.secret, code)
      .then(async (right) => {
        // A new start while this code was checked replaced the secret: this code is for the old one.
        if (pending.get(which.key) !== entry) return noPending();
        if (!right) {
          entry.wrong += 1;
          if (entry.wrong < MAX_WRONG) {
            return sendError(
              res,
              400,
              "ERR_NRS_TOTP_CODE",
              "Wrong code: type the 6 digits the app shows now (and check that the phone's clock is right)",
            );
          }
          pending.delete(which.key);
          return sendError(
            res,
            400,
            "ERR_NRS_TOTP_TOO_MANY",
            "Wrong code too many times: set up again for a new secret",
          );
        }
        pending.delete(which.key);
        const { codes, hashes } = makeRecoveryCodes(RECOVERY_COUNT);
        await saveEnrolment(RED, which.id, which.userId, {
          secret: entry.secret,
          recovery: hashes,
          enrolledAt: Date.now(),
        });
        sendNoStoreJson(res, { recoveryCodes: codes });
      })
      .catch((err: unknown) => {
        sendFailure(
          res,
          RED.log,
          `[${USERS_TYPE}] saving a second factor failed`,
          err,
          "ERR_NRS_TOTP",
          "Saving the second factor failed; see the Node-RED log",
        );
      });
  });
}

/** New recovery codes (replacing all the old ones, shown in this answer only), and removing a factor. */
function registerTotpChanges(RED: NodesRed, write: RequestHandler, pending: PendingSecrets): void {
  const none = (res: Response): void => sendError(res, 404, "ERR_NRS_TOTP_NONE", "This user has no second factor");
  RED.httpAdmin.post(`${BASE}/:userId/recovery`, write, (req: Request, res: Response) => {
    const which = userIds(req, res);
    if (!which) return;
    const current = enrolmentOf(RED, which.id, which.userId);
    if (!current) return none(res);
    const { codes, hashes } = makeRecoveryCodes(RECOVERY_COUNT);
    saveEnrolment(RED, which.id, which.userId, { ...current, recovery: hashes }).then(
      () => sendNoStoreJson(res, { recoveryCodes: codes }),
      (err: unknown) => {
        const line = `[${USERS_TYPE}] new recovery codes failed`;
        sendFailure(res, RED.log, line, err, "ERR_NRS_TOTP", "Making recovery codes failed; see the Node-RED log");
      },
    );
  });

  // Any set-up in progress ends too.
  RED.httpAdmin.delete(`${BASE}/:userId`, write, (req: Request, res: Response) => {
    const which = userIds(req, res);
    if (!which) return;
    pending.delete(which.key);
    if (!enrolmentOf(RED, which.id, which.userId)) return none(res);
    saveEnrolment(RED, which.id, which.userId, undefined).then(
      () => sendNoStoreJson(res, { removed: which.userId }),
      (err: unknown) => {
        const line = `[${USERS_TYPE}] removing a second factor failed`;
        sendFailure(res, RED.log, line, err, "ERR_NRS_TOTP", "Removing the second factor failed; see the Node-RED log");
      },
    );
  });
}

export function registerTotpApi(RED: NodesRed, { read, write }: TypePermissions): void {
  const pending: PendingSecrets = new BoundedMap<string, Pending>(1000);
  registerTotpStatus(RED, read);
  registerTotpStart(RED, write, pending);
  registerTotpConfirm(RED, write, pending);
  registerTotpChanges(RED, write, pending);
}
