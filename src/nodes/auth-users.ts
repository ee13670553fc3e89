// The "auth-users" config node: a list of users whose bcrypt hashes live only in Node-RED's encrypted
// credentials, plus the admin endpoints the edit dialog uses to set passwords and import users.
// Passwords are hashed on the server; neither a password nor a hash is ever sent back to the editor.
import { randomBytes } from "node:crypto";
import { sendError, sendNoStoreJson } from "../admin-response";
import type { Request, Response } from "express";
import { COMMON_PASSWORDS, classifyHash } from "../auth/password-hash";
import { hashCost, sharedBcryptPool } from "../auth/bcrypt-pool";
import { forgetUsage } from "../auth/basic-usage";
import type { UsersContext } from "../auth/users-context";
import { PasswordInputError, validateCost, validateNewPassword, MIN_BCRYPT_COST } from "../auth/hash-password";
import { ApiKeyStore, type ApiKeyRecord, makeApiKey, readApiKeyRecords } from "../auth/api-keys";
import { SessionStore } from "../auth/sessions";
import { UserDirectory, type UserRecord } from "../auth/users";
import { sharedVerificationCache } from "../auth/verification-cache";
import { CredentialVerifier } from "../auth/verify-credentials";
import { QueueFullError } from "../auth/work-queue";
import { registry } from "../runtime/registry";
import type { RedApi } from "../red-api";
import { parseUserImport } from "./import-users";
import type { NodeDef, NodeInstance, RedNodesApi } from "./node-red-types";
import { readStoredTotp, registerTotpRoutes } from "./totp-admin";
import { openStore, type StoreConfig } from "../auth/open-store";
import { SecondFactor } from "../auth/second-factor";
import type { SharedStore } from "../auth/store";
import { editorGuard, isEditorAdmin } from "../admin-auth/editor-guard";
import { noteDeployedUsers, passwordRemovalProblem, registerEditorGuardRoute } from "../admin-auth/guard-routes";

export const USERS_TYPE = "auth-users";

/** One user as the flow (and the editor) sees it: no password, no hash. */
export interface UserEntry {
  id: string;
  username: string;
  roles: string[];
  enabled: boolean;
}

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

export interface AuthUsersCredentials {
  /** JSON: { [userId]: bcrypt hash }. */
  hashes?: string;
  /** Signs session cookies; made on first start. */
  sessionSecret?: string;
  /** JSON: ApiKeyRecord[] (hashes of the keys' secrets, never the keys). */
  apiKeys?: string;
  /** JSON: { [userId]: TotpEnrolment } (second factors). */
  totp?: string;
  /** redis:// URL of a shared store (may hold the store's password). */
  redisUrl?: string;
  /**
   * JSON: { [userId]: { from, to } } — session fingerprints of a hash and of the stronger one a login
   * replaced it with (same password): sessions made before the re-hash stay valid.
   */
  rehashed?: string;
}

export interface AuthUsersNode extends NodeInstance {
  /** The users, sessions and verifier gates use; an Error when the configuration is unusable. */
  usersContext(): UsersContext | Error;
}

/** Per-config state that outlives a redeploy of the node: logins and lockouts must survive a deploy. */
interface LastingState {
  /** What lives in the configured store; made again when the store setting changes. */
  backing?: Backing;
  sessions?: SessionStore;
  sessionKey?: string;
  /** The current deploy's handler of used recovery codes. */
  recoveryUsed?: (username: string, hash: string) => void;
  /** The current deploy's re-hashing of a cheap hash after a successful login. */
  rehash?: (username: string, password: string, cost: number) => void;
  /** Users whose re-hash is under way or done (until the next deploy). */
  rehashing?: Set<string>;
  /** The users of the last deploy: a deploy that changes a user ends that user's sessions. */
  users?: UserDirectory;
}

interface Backing {
  /** The store setting it was made for. */
  readonly key: string;
  readonly store: SharedStore;
  readonly verifier: CredentialVerifier;
  readonly secondFactor: SecondFactor;
}

/** The store a users node's configuration asks for; throws a clear error when it cannot be made. */
function storeConfig(config: AuthUsersConfig, credentials: AuthUsersCredentials | undefined): StoreConfig {
  if (config.store !== "redis") return "memory";
  const url = credentials?.redisUrl?.trim() ?? "";
  if (!url) throw new Error("the shared store is Redis, but no Redis URL is set");
  const prefix =
    typeof config.storePrefix === "string" && config.storePrefix.trim() ? config.storePrefix.trim() : "nrs:";
  return { redis: { url, prefix } };
}
const lasting = new Map<string, LastingState>();

export function readHashes(credentials: AuthUsersCredentials | undefined): Record<string, string> {
  if (!credentials?.hashes) return {};
  try {
    const parsed = JSON.parse(credentials.hashes) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } catch {
    return {};
  }
}

export function readRehashed(
  credentials: AuthUsersCredentials | undefined,
): Record<string, { from: string; to: string }> {
  if (!credentials?.rehashed) return {};
  try {
    const parsed = JSON.parse(credentials.rehashed) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, { from: string; to: string }] =>
          typeof e[1] === "object" &&
          e[1] !== null &&
          typeof (e[1] as Record<string, unknown>).from === "string" &&
          typeof (e[1] as Record<string, unknown>).to === "string",
      ),
    );
  } catch {
    return {};
  }
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

export function readStoredApiKeys(credentials: AuthUsersCredentials | undefined): ApiKeyRecord[] {
  if (!credentials?.apiKeys) return [];
  try {
    return readApiKeyRecords(JSON.parse(credentials.apiKeys));
  } catch {
    return [];
  }
}

export function readUsers(value: unknown): UserEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((u): u is Record<string, unknown> => typeof u === "object" && u !== null)
    .map((u) => ({
      id: typeof u.id === "string" ? u.id : "",
      username: typeof u.username === "string" ? u.username.trim() : "",
      roles: Array.isArray(u.roles)
        ? u.roles.filter((r): r is string => typeof r === "string" && r.trim().length > 0).map((r) => r.trim())
        : [],
      enabled: u.enabled !== false,
    }));
}

function positiveNumber(value: unknown, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function passwordWarnings(password: string): string[] {
  const warnings: string[] = [];
  if (password.length < 12) warnings.push("shorter than 12 characters");
  if (COMMON_PASSWORDS.includes(password.toLowerCase())) warnings.push("one of the most common passwords");
  return warnings;
}

export default function authUsersNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  function AuthUsers(this: AuthUsersNode, config: AuthUsersConfig): void {
    RED.nodes.createNode(this, config);
    const credentials = (this as unknown as { credentials?: AuthUsersCredentials }).credentials;
    const state: LastingState = lasting.get(this.id) ?? {};
    lasting.set(this.id, state);
    const nodeId = this.id;

    let secret = credentials?.sessionSecret;
    if (!secret || secret.length < 32) {
      // Made once, kept with the node's credentials (saved at the next deploy).
      secret = randomBytes(32).toString("base64url");
      void RED.nodes.addCredentials(this.id, { ...(RED.nodes.getCredentials(this.id) ?? {}), sessionSecret: secret });
    }
    const idleMs = positiveNumber(config.sessionIdleMinutes, 24 * 60) * 60_000;
    const absoluteMs = positiveNumber(config.sessionMaxHours, 7 * 24) * 3_600_000;
    const entries = readUsers(config.accounts);
    const hashes = readHashes(credentials);
    const totp = readStoredTotp(credentials);
    noteDeployedUsers(this.id, entries);
    const guard = editorGuard();
    if (
      guard?.usersId === this.id &&
      !entries.some((u) => isEditorAdmin({ ...u, hasPassword: u.id in hashes }, guard))
    ) {
      this.error("auth users: this list guards the editor's login but has no enabled admin with a password");
    }

    // A used recovery code leaves the user's list (saved with the credentials at the next deploy);
    // the store refuses it again in the meantime.
    const recoveryUsed = (username: string, hash: string): void => {
      const userId = entries.find((u) => u.username === username)?.id;
      const current = (RED.nodes.getCredentials(nodeId) ?? {}) as AuthUsersCredentials;
      const stored = readStoredTotp(current);
      const entry = userId === undefined ? undefined : stored[userId];
      if (userId === undefined || !entry) return;
      stored[userId] = { ...entry, recovery: entry.recovery.filter((h) => h !== hash) };
      void RED.nodes.addCredentials(nodeId, { ...current, totp: JSON.stringify(stored) });
    };

    let context: UsersContext | Error;
    try {
      const wanted = storeConfig(config, credentials);
      const storeKey = JSON.stringify(wanted);
      if (state.backing?.key !== storeKey) {
        state.sessions?.dispose();
        state.sessions = undefined;
        void state.backing?.store.close().catch(() => undefined);
        state.backing = undefined;
        const store = openStore(wanted);
        state.backing = {
          key: storeKey,
          store,
          verifier: new CredentialVerifier({
            pool: sharedBcryptPool(),
            store,
            namespace: nodeId,
            cache: sharedVerificationCache(),
            onCheapHash: (username, password, cost) => state.rehash?.(username, password, cost),
          }),
          secondFactor: new SecondFactor({
            store,
            namespace: nodeId,
            onRecoveryUsed: (username, hash) => state.recoveryUsed?.(username, hash),
          }),
        };
      }
      const { store, verifier, secondFactor } = state.backing;
      state.recoveryUsed = recoveryUsed;
      const sessionKey = `${secret}|${String(idleMs)}|${String(absoluteMs)}`;
      if (!state.sessions || state.sessionKey !== sessionKey) {
        state.sessions?.dispose();
        state.sessions = new SessionStore({
          secret: Buffer.from(secret),
          idleMs,
          absoluteMs,
          store,
          namespace: nodeId,
          log: (message) => RED.log.warn(`[auth-users] ${message}`),
        });
        state.sessionKey = sessionKey;
      }
      const sessions = state.sessions;
      const rehashed = readRehashed(credentials);
      const records: UserRecord[] = entries.map((u) => {
        const factor = totp[u.id];
        const hash = hashes[u.id];
        // A hash a login made stronger: the one it replaced is the same password, for the sessions.
        const former = rehashed[u.id];
        const formerPasswordFingerprint =
          hash !== undefined && former && sessions.fingerprintOf(hash) === former.to ? former.from : undefined;
        return {
          username: u.username,
          roles: u.roles,
          enabled: u.enabled,
          ...(hash === undefined ? {} : { hash }),
          ...(formerPasswordFingerprint === undefined ? {} : { formerPasswordFingerprint }),
          ...(factor ? { totp: { secret: factor.secret, recovery: factor.recovery } } : {}),
        };
      });
      const users = new UserDirectory(records);
      verifier.warmUp(users);
      const apiKeys = new ApiKeyStore(readStoredApiKeys(credentials));
      context = {
        id: this.id,
        users,
        verifier,
        sessions: state.sessions,
        apiKeys,
        secondFactor,
      };
      // Verified credentials outlive the deploy, except those of users it removed or changed.
      verifier.cache.retain(nodeId, users);
      // Users it removed, disabled or gave a new password lose their sessions now, and the websockets
      // those opened close, on every instance (the store tells the others).
      const previous = state.users;
      state.users = users;
      state.rehashing = new Set();
      state.rehash = (username, password, cost) => {
        const entry = entries.find((u) => u.username === username);
        const oldHash = entry ? hashes[entry.id] : undefined;
        if (!entry || oldHash === undefined || state.rehashing?.has(entry.id)) return;
        state.rehashing?.add(entry.id);
        rehashUser(entry.id, oldHash, password, cost, sessions);
      };
      if (previous) {
        for (const username of changedUsers(previous, users, (h) => sessions.fingerprintOf(h))) {
          sessions.destroyUser(username).catch((err: unknown) => {
            this.warn(`auth users: could not end the sessions of a changed user (${(err as Error).message})`);
          });
        }
      }
    } catch (err) {
      context = err instanceof Error ? err : new Error(String(err));
      this.error(`auth users: ${context.message}`);
    }
    /**
     * Re-hashes a login's password at the list's cost, like a password set in the dialog: into the node's
     * credentials, in effect from the next deploy. Sessions made with the old hash stay valid.
     */
    const rehashUser = (userId: string, oldHash: string, password: string, cost: number, sessions: SessionStore) => {
      sharedBcryptPool()
        .hash(password, cost, { client: "re-hash" })
        .then((hash) => {
          const current = (RED.nodes.getCredentials(nodeId) ?? {}) as AuthUsersCredentials;
          const stored = readHashes(current);
          // The password was changed meanwhile: that one wins.
          if (stored[userId] !== oldHash) return;
          stored[userId] = hash;
          const rehashed = readRehashed(current);
          const former = rehashed[userId];
          // Sessions made with the hash before the last re-hash still hold its fingerprint.
          const from =
            former && former.to === sessions.fingerprintOf(oldHash) ? former.from : sessions.fingerprintOf(oldHash);
          rehashed[userId] = { from, to: sessions.fingerprintOf(hash) };
          void RED.nodes.addCredentials(nodeId, {
            ...current,
            hashes: JSON.stringify(stored),
            rehashed: JSON.stringify(rehashed),
          });
          this.log(
            `auth users: a password hash was raised from cost ${String(hashCost(oldHash))} to ${String(cost)} ` +
              "at its user's login, so every user answers as slowly as an unknown name (saved at the next deploy)",
          );
        })
        .catch(() => {
          // Busy or failed: the next login tries again.
          state.rehashing?.delete(userId);
        });
    };
    const usersContext = (): UsersContext | Error => context;
    this.usersContext = usersContext;
    // settings.js factories that name this node by id find its users here.
    registry().users.set(this.id, usersContext);

    this.on("close", (removed: boolean, done: () => void) => {
      if (removed) {
        lasting.delete(this.id);
        sharedVerificationCache().forgetList(this.id);
        forgetUsage(this.id);
        registry().users.delete(this.id);
        noteDeployedUsers(this.id, undefined);
        const { sessions } = state;
        // A shared store keeps other instances' sessions; only this process's connections end.
        const store = state.backing?.store;
        const ending = sessions && store?.kind === "memory" ? sessions.clear() : Promise.resolve();
        void ending
          .catch(() => undefined)
          .finally(() => {
            sessions?.dispose();
            void store?.close().catch(() => undefined);
          });
      }
      done();
    });
  }

  RED.nodes.registerType(USERS_TYPE, AuthUsers as unknown as NodeConstructor, {
    credentials: {
      hashes: { type: "password" },
      sessionSecret: { type: "password" },
      apiKeys: { type: "password" },
      totp: { type: "password" },
      redisUrl: { type: "password" },
      rehashed: { type: "password" },
    },
  });

  registerAdminRoutes(RED);
}

type NodeConstructor = (this: NodeInstance, config: NodeDef) => void;

interface PasswordChange {
  set?: Record<string, unknown>;
  remove?: unknown;
  cost?: unknown;
}

function registerAdminRoutes(RED: RedApi & { nodes: RedNodesApi }): void {
  const read = RED.auth.needsPermission(`${USERS_TYPE}.read`);
  const write = RED.auth.needsPermission(`${USERS_TYPE}.write`);
  const idPattern = /^[A-Za-z0-9._-]{1,64}$/;
  registerTotpRoutes(RED);
  registerEditorGuardRoute(RED.httpAdmin, read, USERS_TYPE);

  const currentHashes = (id: string): Record<string, string> => readHashes(RED.nodes.getCredentials(id));

  const saveHashes = (id: string, hashes: Record<string, string>): void => {
    const existing = (RED.nodes.getCredentials(id) ?? {}) as AuthUsersCredentials;
    void RED.nodes.addCredentials(id, { ...existing, hashes: JSON.stringify(hashes) });
  };

  const summary = (hashes: Record<string, string>): Record<string, { hasPassword: true; cost?: number }> =>
    Object.fromEntries(
      Object.entries(hashes).map(([userId, hash]) => {
        const cost = classifyHash(hash).cost;
        return [userId, cost === undefined ? { hasPassword: true as const } : { hasPassword: true as const, cost }];
      }),
    );

  // Which users have a password, and at what cost. Booleans and numbers only.
  RED.httpAdmin.get(`/${USERS_TYPE}/:id/passwords`, read, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!idPattern.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    sendNoStoreJson(res, { users: summary(currentHashes(id)) });
  });

  // Sets (hashes on the server) or removes passwords. Takes effect at the next deploy.
  RED.httpAdmin.post(`/${USERS_TYPE}/:id/passwords`, write, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!idPattern.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as PasswordChange;
    const set: Record<string, unknown> = typeof body.set === "object" ? body.set : {};
    const remove = Array.isArray(body.remove) ? body.remove.filter((r): r is string => typeof r === "string") : [];
    let cost: number;
    const passwords: [string, string][] = [];
    try {
      cost = validateCost(body.cost);
      for (const [userId, password] of Object.entries(set)) {
        if (!idPattern.test(userId)) return sendError(res, 400, "ERR_NRS_USER_ID", "Invalid user id");
        passwords.push([userId, validateNewPassword(password)]);
      }
    } catch (err) {
      if (err instanceof PasswordInputError) return sendError(res, 400, err.code, err.message);
      throw err;
    }
    if (passwords.length > 50) return sendError(res, 400, "ERR_NRS_TOO_MANY", "Set at most 50 passwords at once");
    const lockout = passwordRemovalProblem(id, currentHashes(id), remove);
    if (lockout) return sendError(res, 409, "ERR_NRS_LAST_EDITOR_ADMIN", lockout);
    Promise.all(passwords.map(async ([userId, pw]) => [userId, await sharedBcryptPool().hash(pw, cost)] as const))
      .then((made) => {
        const dropped = new Set(remove);
        const hashes = Object.fromEntries(Object.entries(currentHashes(id)).filter(([userId]) => !dropped.has(userId)));
        for (const [userId, hash] of made) hashes[userId] = hash;
        saveHashes(id, hashes);
        const warnings: Record<string, string[]> = {};
        for (const [userId, pw] of passwords) {
          const list = passwordWarnings(pw);
          if (list.length > 0) warnings[userId] = list;
        }
        sendNoStoreJson(res, { users: summary(hashes), warnings });
      })
      .catch((err: unknown) => {
        if (err instanceof QueueFullError) {
          res.set("Retry-After", String(err.retryAfterSeconds));
          return sendError(res, 429, err.code, err.message);
        }
        RED.log.error(`[auth-users] setting passwords failed: ${err instanceof Error ? err.message : String(err)}`);
        return sendError(res, 500, "ERR_NRS_HASH", "Setting the password failed; see the Node-RED log");
      });
  });

  const storedKeys = (id: string): ApiKeyRecord[] => readStoredApiKeys(RED.nodes.getCredentials(id));
  const saveKeys = (id: string, records: readonly ApiKeyRecord[]): void => {
    const existing = (RED.nodes.getCredentials(id) ?? {}) as AuthUsersCredentials;
    void RED.nodes.addCredentials(id, { ...existing, apiKeys: JSON.stringify(records) });
  };
  const liveContext = (id: string): UsersContext | undefined => {
    const ctx = registry().users.get(id)?.();
    return ctx instanceof Error ? undefined : ctx;
  };
  const keyId = /^[a-f0-9]{16}$/;

  // The API keys of a users list: names, users, roles, dates — never a key or its hash.
  RED.httpAdmin.get(`/${USERS_TYPE}/:id/api-keys`, read, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!idPattern.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    const live = liveContext(id)?.apiKeys;
    sendNoStoreJson(res, {
      keys: storedKeys(id).map((k) => ({
        id: k.id,
        username: k.username,
        name: k.name,
        roles: k.roles,
        createdAt: k.createdAt,
        ...(k.expiresAt === undefined ? {} : { expiresAt: k.expiresAt }),
        ...optionalNumber("lastUsedAt", live?.lastUsedAt(k.id)),
      })),
    });
  });

  // Makes a key for a user of the deployed list. The key is in this answer and nowhere else, ever.
  RED.httpAdmin.post(`/${USERS_TYPE}/:id/api-keys`, write, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!idPattern.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const ctx = liveContext(id);
    if (!ctx) return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy the users list before making API keys");
    const username = typeof body.username === "string" ? body.username : "";
    if (!ctx.users.find(username)) return sendError(res, 400, "ERR_NRS_API_KEY", "No such user in this list");
    const name = typeof body.name === "string" ? body.name.trim().slice(0, 100) : "";
    if (!name) return sendError(res, 400, "ERR_NRS_API_KEY", "Give the key a name, e.g. the device that uses it");
    const roles = Array.isArray(body.roles) ? body.roles.filter((r): r is string => typeof r === "string") : [];
    const days = body.expiresInDays;
    if (days !== undefined && (typeof days !== "number" || !(days > 0) || days > 3650)) {
      return sendError(res, 400, "ERR_NRS_API_KEY", "expiresInDays must be a number of days from 1 to 3650");
    }
    const now = Date.now();
    const made = makeApiKey(username, name, roles, now, days === undefined ? undefined : now + days * 86_400_000);
    saveKeys(id, [...storedKeys(id), made.record]);
    ctx.apiKeys?.add(made.record);
    sendNoStoreJson(res, { key: made.key, id: made.record.id });
  });

  // Revokes a key: refused at once, and for good once deployed.
  RED.httpAdmin.delete(`/${USERS_TYPE}/:id/api-keys/:keyId`, write, (req: Request, res: Response) => {
    const id = String(req.params.id);
    const key = String(req.params.keyId);
    if (!idPattern.test(id) || !keyId.test(key)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid id");
    const before = storedKeys(id);
    const after = before.filter((k) => k.id !== key);
    const live = liveContext(id)?.apiKeys?.revoke(key) ?? false;
    if (after.length === before.length && !live) return sendError(res, 404, "ERR_NRS_API_KEY", "No such key");
    saveKeys(id, after);
    sendNoStoreJson(res, { revoked: key });
  });

  // Imports users from an adminAuth-style list of bcrypt hashes (pasted from a settings.js).
  RED.httpAdmin.post(`/${USERS_TYPE}/:id/import`, write, (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!idPattern.test(id)) return sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string" || text.length > 100_000) {
      return sendError(res, 400, "ERR_NRS_IMPORT", "Paste the adminAuth users list as text");
    }
    const parsed = parseUserImport(text);
    if (parsed instanceof Error) return sendError(res, 400, "ERR_NRS_IMPORT", parsed.message);
    const hashes = currentHashes(id);
    const users: UserEntry[] = parsed.accepted.map((u) => {
      const userId = randomBytes(8).toString("hex");
      hashes[userId] = u.hash;
      return { id: userId, username: u.username, roles: u.roles, enabled: true };
    });
    saveHashes(id, hashes);
    const cheap = parsed.accepted
      .filter((u) => (classifyHash(u.hash).cost ?? 0) < MIN_BCRYPT_COST)
      .map((u) => u.username);
    sendNoStoreJson(res, { users, rejected: parsed.rejected, cheap });
  });
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
