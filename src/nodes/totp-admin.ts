// Second-factor enrolment for the users of an auth-users node, through the editor's admin API.
// The secret leaves the server once (to be put into an authenticator app) and is saved only after the
// person proved the app has it by typing a code; recovery codes are shown once and stored as hashes.
// What is saved is the node's `totp` credential, read at the next deploy.
import type { Request, Response } from "express";
import { sendError, sendNoStoreJson } from "../admin-response";
import { BoundedMap } from "../auth/bounded-map";
import { TotpChecker, makeRecoveryCodes, makeTotpSecret, otpauthUri, totpProblem } from "../auth/totp";
import type { RedApi } from "../red-api";
import type { RedNodesApi } from "./node-red-types";

/** One user's second factor, as kept in the `totp` credential of an auth-users node. */
export interface TotpEnrolment {
  /** Base32 shared secret of the authenticator app. */
  secret: string;
  /** SHA-256 hex of each unused recovery code (see makeRecoveryCodes). */
  recovery: string[];
  /** Milliseconds since the epoch. */
  enrolledAt: number;
}

// Not imported from auth-users.ts, which imports this file.
const USERS_TYPE = "auth-users";
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE32 = /^[A-Z2-7]+=*$/;
const RECOVERY_HASH = /^[a-f0-9]{64}$/;
const PENDING_MS = 10 * 60_000;
const MAX_WRONG = 5;
const RECOVERY_COUNT = 10;

function readEnrolment(value: unknown): TotpEnrolment | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.secret !== "string" || !BASE32.test(v.secret)) return undefined;
  if (!Array.isArray(v.recovery) || typeof v.enrolledAt !== "number" || !Number.isFinite(v.enrolledAt)) {
    return undefined;
  }
  // One damaged recovery hash must not drop the whole second factor.
  const recovery = v.recovery.filter((h): h is string => typeof h === "string" && RECOVERY_HASH.test(h));
  return { secret: v.secret, recovery, enrolledAt: v.enrolledAt };
}

/**
 * The enrolments kept in an auth-users node's credentials, by user id. Malformed JSON or entries are
 * left out, never thrown. The object has no prototype, so a user id like "constructor" finds nothing.
 */
export function readStoredTotp(credentials: { totp?: string } | undefined): Record<string, TotpEnrolment> {
  const result = Object.create(null) as Record<string, TotpEnrolment>;
  if (typeof credentials?.totp !== "string") return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(credentials.totp);
  } catch {
    return result;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return result;
  for (const [userId, value] of Object.entries(parsed as Record<string, unknown>)) {
    const enrolment = readEnrolment(value);
    if (enrolment) result[userId] = enrolment;
  }
  return result;
}

interface Pending {
  readonly secret: string;
  wrong: number;
}

/** The deployed configuration of a users node: its name and its users' ids and names. */
interface DeployedUsers {
  readonly name: string;
  readonly accounts: ReadonlyMap<string, string>;
}

export function registerTotpRoutes(RED: RedApi & { nodes: RedNodesApi }): void {
  const read = RED.auth.needsPermission(`${USERS_TYPE}.read`);
  const write = RED.auth.needsPermission(`${USERS_TYPE}.write`);
  // Secrets made but not yet confirmed: few, short-lived, and lost on restart (set up again then).
  const pending = new BoundedMap<string, Pending>(1000);
  const checker = new TotpChecker({ maxUsers: 1000 });
  const base = `/${USERS_TYPE}/:id/totp`;

  const stored = (id: string): Record<string, TotpEnrolment> => readStoredTotp(RED.nodes.getCredentials(id));

  const save = async (id: string, all: Record<string, TotpEnrolment>): Promise<void> => {
    // Merged into what is there: the hashes, session secret and API keys stay as they are.
    const existing = RED.nodes.getCredentials(id) ?? {};
    await RED.nodes.addCredentials(id, { ...existing, totp: JSON.stringify(all) });
  };

  const deployed = (id: string): DeployedUsers | undefined => {
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
  };

  const ids = (req: Request, res: Response): { id: string; userId: string; key: string } | undefined => {
    const id = String(req.params.id);
    const userId = String(req.params.userId);
    if (!ID.test(id) || !ID.test(userId)) {
      sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid id");
      return undefined;
    }
    // ":" is in neither id.
    return { id, userId, key: `${id}:${userId}` };
  };

  const body = (req: Request): Record<string, unknown> =>
    (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;

  // Who has a second factor, since when, and how many recovery codes are left. Never a secret or hash.
  RED.httpAdmin.get(base, read, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!ID.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    const users = Object.fromEntries(
      Object.entries(stored(id)).map(([userId, e]) => [
        userId,
        { enrolled: true, enrolledAt: e.enrolledAt, recoveryLeft: e.recovery.length },
      ]),
    );
    sendNoStoreJson(res, { users });
  });

  // Makes a secret for a deployed user and keeps it pending until a code from the app confirms it.
  // This answer is the only time the secret leaves the server.
  RED.httpAdmin.post(`${base}/:userId/start`, write, (req: Request, res: Response) => {
    const which = ids(req, res);
    if (!which) return;
    const config = deployed(which.id);
    if (!config) {
      return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy the users list before setting up a second factor");
    }
    const deployedName = config.accounts.get(which.userId);
    if (deployedName === undefined) {
      return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy this user before setting up a second factor");
    }
    if (Object.hasOwn(stored(which.id), which.userId)) {
      return sendError(res, 409, "ERR_NRS_TOTP_ENROLLED", "This user already has a second factor: remove it first");
    }
    const given = body(req).username;
    // Only the label the app shows; the enrolment belongs to the user id.
    const username = (typeof given === "string" && given.trim() ? given.trim() : deployedName).slice(0, 100);
    const issuer = config.name.slice(0, 100) || "Node-RED";
    const problem = totpProblem();
    if (problem !== undefined) return sendError(res, 501, "ERR_NRS_TOTP_UNAVAILABLE", problem);
    const secret = makeTotpSecret();
    pending.set(which.key, { secret, wrong: 0 }, PENDING_MS);
    sendNoStoreJson(res, { uri: otpauthUri(issuer, username, secret), secret });
  });

  // Saves the pending secret once a code made from it is typed, with fresh recovery codes shown once.
  RED.httpAdmin.post(`${base}/:userId/confirm`, write, (req: Request, res: Response) => {
    const which = ids(req, res);
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
    const given = body(req).code;
    const code = typeof given === "string" ? given.slice(0, 20) : "";
    checker
      .check(which.key, entry.secret, code)
      .then(async (right) => {
        // A new start while this code was checked replaced the secret: this code is for the old one.
        if (pending.get(which.key) !== entry) return noPending();
        if (!right) {
          entry.wrong += 1;
          if (entry.wrong >= MAX_WRONG) {
            pending.delete(which.key);
            return sendError(
              res,
              400,
              "ERR_NRS_TOTP_TOO_MANY",
              "Wrong code too many times: set up again for a new secret",
            );
          }
          return sendError(
            res,
            400,
            "ERR_NRS_TOTP_CODE",
            "Wrong code: type the 6 digits the app shows now (and check that the phone's clock is right)",
          );
        }
        pending.delete(which.key);
        const { codes, hashes } = makeRecoveryCodes(RECOVERY_COUNT);
        const all = stored(which.id);
        all[which.userId] = { secret: entry.secret, recovery: hashes, enrolledAt: Date.now() };
        await save(which.id, all);
        sendNoStoreJson(res, { recoveryCodes: codes });
      })
      .catch((err: unknown) => {
        RED.log.error(
          `[auth-users] saving a second factor failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        sendError(res, 500, "ERR_NRS_TOTP", "Saving the second factor failed; see the Node-RED log");
      });
  });

  // New recovery codes replace all the old ones; shown in this answer only.
  RED.httpAdmin.post(`${base}/:userId/recovery`, write, (req: Request, res: Response) => {
    const which = ids(req, res);
    if (!which) return;
    const all = stored(which.id);
    const current = Object.hasOwn(all, which.userId) ? all[which.userId] : undefined;
    if (!current) return sendError(res, 404, "ERR_NRS_TOTP_NONE", "This user has no second factor");
    const { codes, hashes } = makeRecoveryCodes(RECOVERY_COUNT);
    all[which.userId] = { ...current, recovery: hashes };
    save(which.id, all).then(
      () => sendNoStoreJson(res, { recoveryCodes: codes }),
      (err: unknown) => {
        RED.log.error(`[auth-users] new recovery codes failed: ${err instanceof Error ? err.message : String(err)}`);
        sendError(res, 500, "ERR_NRS_TOTP", "Making recovery codes failed; see the Node-RED log");
      },
    );
  });

  // Removes a user's second factor (and any set-up in progress).
  RED.httpAdmin.delete(`${base}/:userId`, write, (req: Request, res: Response) => {
    const which = ids(req, res);
    if (!which) return;
    pending.delete(which.key);
    const all = stored(which.id);
    if (!Object.hasOwn(all, which.userId))
      return sendError(res, 404, "ERR_NRS_TOTP_NONE", "This user has no second factor");
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- keyed by user id by design
    delete all[which.userId];
    save(which.id, all).then(
      () => sendNoStoreJson(res, { removed: which.userId }),
      (err: unknown) => {
        RED.log.error(
          `[auth-users] removing a second factor failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        sendError(res, 500, "ERR_NRS_TOTP", "Removing the second factor failed; see the Node-RED log");
      },
    );
  });
}
