// Checks a user name and password the way every gate should: cached successes cost microseconds,
// unknown users cost as much as known ones, failures are counted and throttled, and bcrypt runs off
// the event loop with a cap on how much may wait.
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import type { BcryptPool } from "./bcrypt-pool";
import { QueueFullError } from "./work-queue";
import { deny, type Decision, type Denial } from "./decision";
import { IP_POLICY, LockoutCounter, USERNAME_POLICY } from "./lockout";
import type { SharedStore } from "./store";
import type { UserDirectory } from "./users";
import { VerificationCache } from "./verification-cache";

/** Longer passwords are refused before any hashing: nobody types them, attackers send them to burn CPU. */
export const MAX_PASSWORD_LENGTH = 1024;

export interface VerifierOptions {
  readonly pool: BcryptPool;
  /** Where lockout counters live (shared between instances when it is a shared store). */
  readonly store?: SharedStore;
  /** Separates these counters from another users configuration's in a shared store. */
  readonly namespace?: string;
  readonly cache?: VerificationCache;
  readonly ipLockout?: LockoutCounter;
  readonly userLockout?: LockoutCounter;
}

const dummyHashes = new Map<number, Promise<string>>();

/** A hash of a random password at the given cost, for user names that do not exist. */
function dummyHash(pool: BcryptPool, cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    const password = randomBytes(16).toString("base64");
    hash = pool.hash(password, cost).catch(() => bcrypt.hash(password, cost));
    dummyHashes.set(cost, hash);
  }
  return hash;
}

export class CredentialVerifier {
  readonly cache: VerificationCache;
  readonly ipLockout: LockoutCounter;
  readonly userLockout: LockoutCounter;
  private readonly pool: BcryptPool;

  constructor(options: VerifierOptions) {
    this.pool = options.pool;
    this.cache = options.cache ?? new VerificationCache();
    const ns = options.namespace ?? "users";
    const shared = { ...(options.store ? { store: options.store } : {}) };
    this.ipLockout = options.ipLockout ?? new LockoutCounter(IP_POLICY, { ...shared, namespace: `${ns}:ip` });
    this.userLockout =
      options.userLockout ?? new LockoutCounter(USERNAME_POLICY, { ...shared, namespace: `${ns}:user` });
  }

  /** Starts making the dummy hash now, so the first unknown user does not pay for it. */
  warmUp(users: UserDirectory): void {
    void dummyHash(this.pool, users.typicalCost);
  }

  async verify(users: UserDirectory, username: string, password: string, client: string): Promise<Decision> {
    const user = users.find(username);
    // Proven knowledge of the password beats any lockout: strangers' guesses cannot lock out a
    // device or person whose credentials were verified recently.
    if (user?.enabled && user.hash !== undefined && this.cache.has(username, password, user.hash)) {
      return { allow: true, user: { username, roles: user.roles }, via: "basic" };
    }
    const [ipState, userState] = await Promise.all([this.ipLockout.check(client), this.userLockout.check(username)]);
    if (ipState.locked || userState.locked) {
      return deny("locked", Math.ceil(Math.max(ipState.retryAfterMs, userState.retryAfterMs) / 1000));
    }
    if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return this.failed(username, client);
    let matches: boolean;
    try {
      const hash = user?.hash ?? (await dummyHash(this.pool, users.typicalCost));
      matches = await this.pool.compare(password, hash);
    } catch (err) {
      if (err instanceof QueueFullError) return deny("busy", 1);
      throw err;
    }
    if (!matches || !user?.enabled || user.hash === undefined) return this.failed(username, client);
    this.cache.remember(username, password, user.hash);
    // A user with a second factor is not logged in yet: their failures (wrong codes included) are
    // forgiven only when the whole login succeeds (see succeeded), or a password could reset the count
    // of code guesses at will.
    if (!user.totp) await this.userLockout.reset(username);
    return { allow: true, user: { username, roles: user.roles }, via: "basic" };
  }

  /** The lock on a user name or client, if any: checked before a login's code step too. */
  async lockState(username: string, client: string): Promise<Denial | undefined> {
    const [ip, name] = await Promise.all([this.ipLockout.check(client), this.userLockout.check(username)]);
    return ip.locked || name.locked
      ? deny("locked", Math.ceil(Math.max(ip.retryAfterMs, name.retryAfterMs) / 1000))
      : undefined;
  }

  /** A whole login succeeded: the user name's failures are forgiven. */
  async succeeded(username: string): Promise<void> {
    await this.userLockout.reset(username);
  }

  /** Counts a failed attempt (a wrong password or code) for the user name and the client. */
  async failed(username: string, client: string): Promise<Decision> {
    // Unknown names count too, so lockouts say nothing about which names exist.
    const [ip, name] = await Promise.all([this.ipLockout.fail(client), this.userLockout.fail(username)]);
    if (ip.locked || name.locked) {
      return deny("locked", Math.ceil(Math.max(ip.retryAfterMs, name.retryAfterMs) / 1000));
    }
    return deny("bad-credentials");
  }
}
