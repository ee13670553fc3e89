// Checks a user name and password the way every gate should: cached successes cost microseconds,
// unknown users cost as much as known ones, failures are counted and throttled, and bcrypt runs off
// the event loop with a cap on how much may wait.
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import type { BcryptPool } from "./bcrypt-pool";
import { QueueFullError } from "./work-queue";
import { deny, type Decision } from "./decision";
import { IP_POLICY, LockoutCounter, USERNAME_POLICY } from "./lockout";
import type { UserDirectory } from "./users";
import { VerificationCache } from "./verification-cache";

/** Longer passwords are refused before any hashing: nobody types them, attackers send them to burn CPU. */
export const MAX_PASSWORD_LENGTH = 1024;

export interface VerifierOptions {
  readonly pool: BcryptPool;
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
    this.ipLockout = options.ipLockout ?? new LockoutCounter(IP_POLICY);
    this.userLockout = options.userLockout ?? new LockoutCounter(USERNAME_POLICY);
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
    const ipState = this.ipLockout.check(client);
    const userState = this.userLockout.check(username);
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
    this.userLockout.reset(username);
    return { allow: true, user: { username, roles: user.roles }, via: "basic" };
  }

  private failed(username: string, client: string): Decision {
    // Unknown names count too, so lockouts say nothing about which names exist.
    const ip = this.ipLockout.fail(client);
    const name = this.userLockout.fail(username);
    if (ip.locked || name.locked) {
      return deny("locked", Math.ceil(Math.max(ip.retryAfterMs, name.retryAfterMs) / 1000));
    }
    return deny("bad-credentials");
  }
}
