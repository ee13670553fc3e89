// The one place a users configuration is wired: its store (sessions, lockouts, used codes), sessions,
// password verifier, API keys and second factor, for an auth-users node and for the sources settings.js
// names alike. A node keeps the parts across deploys, so logins and lockouts survive a redeploy.
import { randomBytes } from "node:crypto";
import { type ApiKeyRecord, ApiKeyStore } from "./api-keys";
import { KeyConnections } from "./key-connections";
import { sharedBcryptPool } from "./bcrypt-pool";
import { openStore, type StoreConfig } from "./open-store";
import { SecondFactor } from "./second-factor";
import { SessionStore } from "./sessions";
import type { SharedStore } from "./store";
import type { ListedUser } from "./user-list";
import type { UsersContext } from "./users-context";
import { UserDirectory, UsersConfigError, type UserRecord, type UserTotp } from "./users";
import { sharedVerificationCache } from "./verification-cache";
import { CredentialVerifier, type VerifierOptions } from "./verify-credentials";

/** What a users configuration holds. */
export interface UsersSource {
  /** Stable id: names the session cookie and separates this configuration's keys in a shared store. */
  readonly id: string;
  /** The users, each with their bcrypt hash when they have a password. */
  readonly users: readonly ListedUser[];
  /** API keys of these users, when the source can hold them. */
  readonly apiKeys?: readonly ApiKeyRecord[];
  /** Second factors by user id: a source that can hold them gets the login's code step. */
  readonly totp?: Readonly<Record<string, UserTotp>>;
  /**
   * By user id: session fingerprints of a hash and of the stronger one a login replaced it with (same
   * password), so sessions made before the re-hash stay valid.
   */
  readonly rehashed?: Readonly<Record<string, { readonly from: string; readonly to: string }>>;
}

/** How long sessions last when the users configuration does not say. */
export const DEFAULT_IDLE_MINUTES = 24 * 60;
export const DEFAULT_MAX_HOURS = 7 * 24;

export interface UsersContextOptions {
  readonly store?: StoreConfig;
  /** Signs session cookies; without it a random key (refused with a shared store: instances must agree). */
  readonly sessionSecret?: Buffer;
  /** Minutes without a request after which a session ends (default: a day). */
  readonly sessionIdleMinutes?: number;
  /** Hours after login after which a session ends whatever happens (default: a week). */
  readonly sessionMaxHours?: number;
  /** Where the sessions' warnings go. */
  readonly log: (message: string) => void;
  /** A login with a hash cheaper than the list's cost (see CredentialVerifier). */
  readonly onCheapHash?: VerifierOptions["onCheapHash"];
  /** A recovery code was used: the source drops its hash for good. */
  readonly onRecoveryUsed?: (username: string, hash: string) => void;
  /**
   * The parts of this source's previous context (a node's last deploy): kept when their settings are
   * the same, replaced (and the old ones closed) when not. Without it, a failure closes what was opened.
   */
  readonly wiring?: UsersWiring;
  /** The error a problem with the configuration becomes (default: UsersConfigError). */
  readonly refuse?: (message: string) => Error;
  /** The error a store that cannot be opened becomes (default: its own). */
  readonly storeError?: (err: unknown) => Error;
}

/** The parts of a users context that outlive a deploy: logins and lockouts must survive one. */
export class UsersWiring {
  storeKey?: string;
  store?: SharedStore;
  verifier?: CredentialVerifier;
  secondFactor?: SecondFactor;
  sessionKey?: string;
  sessions?: SessionStore;
  keys?: KeyConnections;

  /** Closes the store and sessions; a store of this process forgets its sessions first. */
  close(): Promise<void> {
    const { sessions, store } = this;
    this.keys?.dispose();
    this.keys = undefined;
    this.sessions = undefined;
    this.store = undefined;
    this.storeKey = undefined;
    this.sessionKey = undefined;
    // A shared store keeps other instances' sessions; only this process's connections end.
    const ending = sessions && store?.kind === "memory" ? sessions.clear() : Promise.resolve();
    return ending
      .catch(() => undefined)
      .finally(() => {
        sessions?.dispose();
        void store?.close().catch(() => undefined);
      });
  }
}

/** The store, verifier and second factor of `wiring`, made again when the store setting changed. */
function wireStore(source: UsersSource, options: UsersContextOptions, wiring: UsersWiring): SharedStore {
  const key = JSON.stringify(options.store);
  if (wiring.store && wiring.storeKey === key) return wiring.store;
  wiring.sessions?.dispose();
  wiring.sessions = undefined;
  void wiring.store?.close().catch(() => undefined);
  wiring.store = undefined;
  let store: SharedStore;
  try {
    store = openStore(options.store);
  } catch (err) {
    throw options.storeError ? options.storeError(err) : err;
  }
  wiring.storeKey = key;
  wiring.store = store;
  wiring.keys?.dispose();
  wiring.keys = new KeyConnections(store, source.id);
  wiring.verifier = new CredentialVerifier({
    pool: sharedBcryptPool(),
    store,
    namespace: source.id,
    cache: sharedVerificationCache(),
    ...(options.onCheapHash ? { onCheapHash: options.onCheapHash } : {}),
  });
  wiring.secondFactor =
    source.totp === undefined
      ? undefined
      : new SecondFactor({
          store,
          namespace: source.id,
          ...(options.onRecoveryUsed ? { onRecoveryUsed: options.onRecoveryUsed } : {}),
        });
  return store;
}

/** The sessions of `wiring`, made again when their secret or limits changed. */
function wireSessions(
  source: UsersSource,
  options: UsersContextOptions,
  wiring: UsersWiring,
  store: SharedStore,
): SessionStore {
  let secret = options.sessionSecret;
  if (secret === undefined) {
    if (store.kind !== "memory") {
      const refuse = options.refuse ?? ((message: string) => new UsersConfigError(message, "noSessionSecret"));
      throw refuse("a shared store needs a sessionSecret, the same on every instance");
    }
    secret = randomBytes(32);
  }
  const idleMs = (options.sessionIdleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000;
  const absoluteMs = (options.sessionMaxHours ?? DEFAULT_MAX_HOURS) * 3_600_000;
  const key = `${options.sessionSecret?.toString() ?? ""}|${String(idleMs)}|${String(absoluteMs)}`;
  if (wiring.sessions && wiring.sessionKey === key && options.sessionSecret !== undefined) return wiring.sessions;
  wiring.sessions?.dispose();
  wiring.sessions = new SessionStore({
    secret,
    idleMs,
    absoluteMs,
    store,
    namespace: source.id,
    log: options.log,
  });
  wiring.sessionKey = key;
  return wiring.sessions;
}

function recordsOf(source: UsersSource, sessions: SessionStore): UserRecord[] {
  return source.users.map((u) => {
    const factor = source.totp?.[u.id];
    const hash = u.hash;
    // A hash a login made stronger: the one it replaced is the same password, for the sessions.
    const former = source.rehashed?.[u.id];
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
}

/**
 * The users context of a source. Throws when the configuration cannot work (a store that cannot be
 * opened, a user list UserDirectory refuses); with `options.wiring` the parts made so far are kept there.
 */
export function createUsersContext(source: UsersSource, options: UsersContextOptions): UsersContext {
  const wiring = options.wiring ?? new UsersWiring();
  try {
    const store = wireStore(source, options, wiring);
    const sessions = wireSessions(source, options, wiring, store);
    const users = new UserDirectory(recordsOf(source, sessions));
    const verifier = wiring.verifier as CredentialVerifier;
    verifier.warmUp(users);
    // Verified credentials outlive a deploy, except those of users it removed or changed.
    verifier.cache.retain(source.id, users);
    const keys = wiring.keys as KeyConnections;
    const apiKeys = source.apiKeys === undefined ? undefined : new ApiKeyStore(source.apiKeys);
    // A key ended on any instance is refused by this deploy's keys too; keys it no longer has close.
    keys.revoker = apiKeys ? (keyId) => apiKeys.revoke(keyId) : undefined;
    keys.keepOnly(new Set((source.apiKeys ?? []).map((k) => k.id)));
    return {
      id: source.id,
      users,
      verifier,
      sessions,
      keys,
      ...(apiKeys ? { apiKeys } : {}),
      ...(wiring.secondFactor ? { secondFactor: wiring.secondFactor } : {}),
    };
  } catch (err) {
    if (!options.wiring) void wiring.close();
    throw err;
  }
}
