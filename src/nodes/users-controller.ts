// The state of one auth-users node that outlives its redeploys (logins, lockouts, used codes, the
// users of the last deploy), and what a deploy and a removal of the node do with it.
import { randomBytes } from "node:crypto";
import { forgetUsage } from "../auth/basic-usage";
import { hashCost, sharedBcryptPool } from "../auth/bcrypt-pool";
import { createUsersContext, UsersWiring } from "../auth/create-users-context";
import type { StoreConfig } from "../auth/open-store";
import type { SessionStore } from "../auth/sessions";
import { type ListedUser, readUserList } from "../auth/user-list";
import type { UsersContext } from "../auth/users-context";
import type { UserDirectory } from "../auth/users";
import { sharedVerificationCache } from "../auth/verification-cache";
import { editorGuard, isEditorAdmin } from "../admin-auth/editor-guard";
import { noteDeployedUsers } from "../admin-auth/deployed-admins";
import type { RedLog } from "../red-api";
import { WordedError } from "../shared/worded-error";
import { registry } from "../runtime/registry";
import type { NodeDef } from "../node-red-types";
import {
  type CredentialsApi,
  readUsersCredentials,
  saveCredentials,
  storedCredentials,
  type UsersCredentials,
} from "../runtime/users-credentials";

export interface AuthUsersConfig extends NodeDef {
  /** The user list ("users" is reserved by Node-RED for the nodes that use a config node). */
  accounts?: unknown;
  cost?: unknown;
  sessionIdleMinutes?: unknown;
  sessionMaxHours?: unknown;
  /** "memory" (default) or "redis": where sessions, lockouts and used codes live. */
  store?: unknown;
  /** Key prefix in a shared store. */
  storePrefix?: unknown;
}

/** Where a deploy reports: the node's own log, warnings and errors. */
export interface NodeReport {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the controller needs of Node-RED. */
export interface ControllerRed {
  readonly nodes: CredentialsApi;
  readonly log: RedLog;
}

/** The store a users node's configuration asks for; throws a clear error when it cannot be made. */
function storeConfig(config: AuthUsersConfig, credentials: UsersCredentials): StoreConfig {
  if (config.store !== "redis") return "memory";
  const url = credentials.redisUrl?.trim() ?? "";
  if (!url) throw new WordedError("the shared store is Redis, but no Redis URL is set", "noRedisUrl");
  const prefix =
    typeof config.storePrefix === "string" && config.storePrefix.trim() ? config.storePrefix.trim() : "nrs:";
  return { redis: { url, prefix } };
}

/** A dialog field's positive number (the dialog stores text); undefined (the default) for anything else. */
function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Users of `before` whose sessions must end with `after`: removed, disabled, or with a new password (a
 * re-hash of the same password, which `fingerprint` recognises, is not a new one).
 */
export function changedUsers(
  before: UserDirectory,
  after: UserDirectory,
  fingerprint: (hash: string) => string,
): string[] {
  const changed: string[] = [];
  for (const old of before.all()) {
    const now = after.find(old.username);
    const samePassword =
      now?.hash === old.hash ||
      (old.hash !== undefined &&
        now?.formerPasswordFingerprint !== undefined &&
        now.formerPasswordFingerprint === fingerprint(old.hash));
    if (!now?.enabled || !samePassword) changed.push(old.username);
  }
  return changed;
}

export class UsersController {
  /** Store, sessions, verifier and second factor: made again only when their settings change. */
  private readonly wiring = new UsersWiring();
  /** The current deploy's users (ids and names) and hashes. */
  private entries: readonly ListedUser[] = [];
  private hashes: Readonly<Record<string, string>> = {};
  /** Users whose re-hash is under way or done (until the next deploy). */
  private rehashing = new Set<string>();
  /** The users of the last deploy: a deploy that changes a user ends that user's sessions. */
  private users?: UserDirectory;
  private report?: NodeReport;

  constructor(
    readonly id: string,
    private readonly RED: ControllerRed,
  ) {}

  /** The node's session secret, made once and kept with its credentials (saved at the next deploy). */
  sessionSecret(credentials: UsersCredentials): string {
    const secret = credentials.sessionSecret;
    if (secret && secret.length >= 32) return secret;
    const made = randomBytes(32).toString("base64url");
    void saveCredentials(this.RED.nodes, this.id, { sessionSecret: made });
    return made;
  }

  /** A deploy of the node: its users context, or why there is none (reported to the node too). */
  deploy(config: AuthUsersConfig, rawCredentials: unknown, report: NodeReport): UsersContext | Error {
    const credentials = readUsersCredentials(rawCredentials);
    const secret = this.sessionSecret(credentials);
    const entries = readUserList(config.accounts);
    this.noteEditorGuard(entries, credentials.hashes, report);
    this.report = report;
    try {
      const context = createUsersContext(
        {
          id: this.id,
          users: entries.map((u) => {
            const hash = credentials.hashes[u.id];
            return hash === undefined ? u : { ...u, hash };
          }),
          apiKeys: credentials.apiKeys,
          totp: credentials.totp,
          rehashed: credentials.rehashed,
        },
        {
          wiring: this.wiring,
          store: storeConfig(config, credentials),
          sessionSecret: Buffer.from(secret),
          sessionIdleMinutes: positiveNumber(config.sessionIdleMinutes),
          sessionMaxHours: positiveNumber(config.sessionMaxHours),
          log: (message) => this.RED.log.warn(`[auth-users] ${message}`),
          onCheapHash: (username, password, cost) => this.rehash(username, password, cost),
          onRecoveryUsed: (username, hash) => this.recoveryUsed(username, hash),
        },
      );
      this.entries = entries;
      this.hashes = credentials.hashes;
      this.endChangedSessions(context.users, context.sessions, report);
      return context;
    } catch (err) {
      const problem = err instanceof Error ? err : new Error(String(err));
      report.error(`auth users: ${problem.message}`);
      return problem;
    }
  }

  /** The node was removed: its sessions, cached logins and registrations go. */
  remove(): void {
    controllers.delete(this.id);
    sharedVerificationCache().forgetList(this.id);
    forgetUsage(this.id);
    registry().users.delete(this.id);
    noteDeployedUsers(this.id, undefined);
    void this.wiring.close();
  }

  private noteEditorGuard(
    entries: readonly ListedUser[],
    hashes: Readonly<Record<string, string>>,
    report: NodeReport,
  ): void {
    noteDeployedUsers(this.id, entries);
    const guard = editorGuard();
    if (
      guard?.usersId === this.id &&
      !entries.some((u) => isEditorAdmin({ ...u, hasPassword: u.id in hashes }, guard))
    ) {
      report.error("auth users: this list guards the editor's login but has no enabled admin with a password");
    }
  }

  /**
   * Users it removed, disabled or gave a new password lose their sessions now, and the websockets those
   * opened close, on every instance (the store tells the others).
   */
  private endChangedSessions(users: UserDirectory, sessions: SessionStore, report: NodeReport): void {
    const previous = this.users;
    this.users = users;
    this.rehashing = new Set();
    if (!previous) return;
    for (const username of changedUsers(previous, users, (h) => sessions.fingerprintOf(h))) {
      sessions.destroyUser(username).catch((err: unknown) => {
        report.warn(`auth users: could not end the sessions of a changed user (${(err as Error).message})`);
      });
    }
  }

  /**
   * A used recovery code leaves the user's list (saved with the credentials at the next deploy); the
   * store refuses it again in the meantime.
   */
  private recoveryUsed(username: string, hash: string): void {
    const userId = this.entries.find((u) => u.username === username)?.id;
    if (userId === undefined) return;
    const { totp } = storedCredentials(this.RED.nodes, this.id);
    const entry = totp[userId];
    if (!entry) return;
    totp[userId] = { ...entry, recovery: entry.recovery.filter((h) => h !== hash) };
    void saveCredentials(this.RED.nodes, this.id, { totp });
  }

  /**
   * Re-hashes a login's password at the list's cost, like a password set in the dialog: into the node's
   * credentials, in effect from the next deploy. Sessions made with the old hash stay valid.
   */
  private rehash(username: string, password: string, cost: number): void {
    const entry = this.entries.find((u) => u.username === username);
    const oldHash = entry ? this.hashes[entry.id] : undefined;
    const sessions = this.wiring.sessions;
    if (!entry || oldHash === undefined || !sessions || this.rehashing.has(entry.id)) return;
    const userId = entry.id;
    const rehashing = this.rehashing;
    rehashing.add(userId);
    sharedBcryptPool()
      .hash(password, cost, { client: "re-hash" })
      .then((hash) => {
        const { hashes, rehashed } = storedCredentials(this.RED.nodes, this.id);
        // The password was changed meanwhile: that one wins.
        if (hashes[userId] !== oldHash) return;
        hashes[userId] = hash;
        const former = rehashed[userId];
        // Sessions made with the hash before the last re-hash still hold its fingerprint.
        const from =
          former && former.to === sessions.fingerprintOf(oldHash) ? former.from : sessions.fingerprintOf(oldHash);
        rehashed[userId] = { from, to: sessions.fingerprintOf(hash) };
        void saveCredentials(this.RED.nodes, this.id, { hashes, rehashed });
        this.report?.log(
          `auth users: a password hash was raised from cost ${String(hashCost(oldHash))} to ${String(cost)} ` +
            "at its user's login, so every user answers as slowly as an unknown name (saved at the next deploy)",
        );
      })
      .catch(() => {
        // Busy or failed: the next login tries again.
        rehashing.delete(userId);
      });
  }
}

/** Controllers by node id: a redeploy makes a new node object, which finds its node's state here. */
const controllers = new Map<string, UsersController>();

export function usersController(id: string, RED: ControllerRed): UsersController {
  let found = controllers.get(id);
  if (!found) {
    found = new UsersController(id, RED);
    controllers.set(id, found);
  }
  return found;
}
