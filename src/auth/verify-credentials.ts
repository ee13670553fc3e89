// Checks a user name and password the way every gate should: cached successes cost microseconds,
// unknown users cost as much as known ones, failures are counted and throttled, bcrypt runs off the
// event loop in fair turns, and concurrent requests with the same credentials share one bcrypt.
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import { hashCost, type BcryptPool } from "./bcrypt-pool";
import { recordVerification } from "./basic-usage";
import { ClientGoneError, QueueFullError } from "./work-queue";
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
  /** Where verified credentials are remembered; the process's cache outlives a deploy. */
  readonly cache?: VerificationCache;
  readonly ipLockout?: LockoutCounter;
  readonly userLockout?: LockoutCounter;
  /**
   * Called after a successful bcrypt check of a user whose hash is cheaper than the list's cost (its
   * answers would be faster than an unknown name's): the caller re-hashes the password at `cost`.
   */
  readonly onCheapHash?: (username: string, password: string, cost: number) => void;
}

export interface VerifyOptions {
  /** Aborted when the client has gone away: a check still waiting is dropped. */
  readonly signal?: AbortSignal;
  /** How the password came: Basic checks are counted for the Security tab's fleet advice. */
  readonly via?: "basic" | "form";
}

/** A check's outcome, and how long its bcrypt ran (undefined when none ran for this request). */
interface Checked {
  readonly matches: boolean | "locked";
  readonly bcryptMs?: number | undefined;
}

interface Flight {
  readonly result: Promise<Checked>;
  readonly controller: AbortController;
  waiters: number;
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
  /** The users list these checks are for: the cache's entries are bound to it. */
  readonly list: string;
  private readonly pool: BcryptPool;
  private readonly onCheapHash: VerifierOptions["onCheapHash"];
  /** Checks in progress, by credentials digest: one bcrypt per distinct secret in flight. */
  private readonly flights = new Map<string, Flight>();

  constructor(options: VerifierOptions) {
    this.pool = options.pool;
    this.cache = options.cache ?? new VerificationCache();
    this.onCheapHash = options.onCheapHash;
    const ns = options.namespace ?? "users";
    this.list = ns;
    const shared = { ...(options.store ? { store: options.store } : {}) };
    this.ipLockout = options.ipLockout ?? new LockoutCounter(IP_POLICY, { ...shared, namespace: `${ns}:ip` });
    this.userLockout =
      options.userLockout ?? new LockoutCounter(USERNAME_POLICY, { ...shared, namespace: `${ns}:user` });
  }

  /** Starts making the dummy hash now, so the first unknown user does not pay for it. */
  warmUp(users: UserDirectory): void {
    void dummyHash(this.pool, users.typicalCost);
  }

  async verify(
    users: UserDirectory,
    username: string,
    password: string,
    client: string,
    options: VerifyOptions = {},
  ): Promise<Decision> {
    const user = users.find(username);
    // Proven knowledge of the password beats any lockout: strangers' guesses cannot lock out a
    // device or person whose credentials were verified recently.
    if (user && this.cache.has(this.list, user, password)) {
      if (options.via === "basic") recordVerification(this.list, username, undefined);
      return { allow: true, user: { username, roles: user.roles }, via: "basic" };
    }
    const locked = await this.lockState(username, client);
    if (locked) return locked;
    if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return this.failed(username, client);
    let checked: Checked;
    try {
      const hash = user?.hash ?? (await dummyHash(this.pool, users.typicalCost));
      checked = await this.check(username, password, hash, client, options.signal);
    } catch (err) {
      if (err instanceof QueueFullError) return deny("busy", err.retryAfterSeconds);
      if (err instanceof ClientGoneError) return deny("busy", 1);
      throw err;
    }
    const { matches } = checked;
    // A lock that came while the check waited: no bcrypt was run for it.
    if (matches === "locked") return (await this.lockState(username, client)) ?? deny("locked", 1);
    if (!matches || !user?.enabled || user.hash === undefined) return this.failed(username, client);
    if (options.via === "basic") recordVerification(this.list, username, checked.bcryptMs);
    this.cache.remember(this.list, user, password);
    // A user with a second factor is not logged in yet: their failures (wrong codes included) are
    // forgiven only when the whole login succeeds (see succeeded), or a password could reset the count
    // of code guesses at will.
    if (!user.totp) await this.userLockout.reset(username);
    if (this.onCheapHash && hashCost(user.hash) < users.typicalCost) {
      this.onCheapHash(username, password, users.typicalCost);
    }
    return { allow: true, user: { username, roles: user.roles }, via: "basic" };
  }

  /**
   * One bcrypt for these credentials, shared by every request that asks while it is in flight. It waits
   * its turn in the pool; when the turn comes, a lock that came meanwhile skips it ("locked"). It is
   * dropped when every request that asked for it has gone away.
   */
  private check(
    username: string,
    password: string,
    hash: string,
    client: string,
    signal: AbortSignal | undefined,
  ): Promise<Checked> {
    if (signal?.aborted) return Promise.reject(new ClientGoneError());
    const key = this.cache.digest(this.list, username, password, hash);
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      let started: number | undefined;
      const result = this.pool
        .compare<"locked">(password, hash, { client, username, signal: controller.signal }, async () => {
          if (await this.lockState(username, client)) return "locked";
          started = performance.now();
          return undefined;
        })
        .then((matches) => ({ matches, bcryptMs: started === undefined ? undefined : performance.now() - started }))
        .finally(() => this.flights.delete(key));
      flight = { result, controller, waiters: 0 };
      this.flights.set(key, flight);
      return this.join(flight, signal);
    }
    // Requests that join a check in flight ran no bcrypt of their own.
    return this.join(flight, signal).then((checked) => ({ matches: checked.matches }));
  }

  private join(flight: Flight, signal: AbortSignal | undefined): Promise<Checked> {
    const joined = flight;
    joined.waiters += 1;
    signal?.addEventListener(
      "abort",
      () => {
        joined.waiters -= 1;
        if (joined.waiters === 0) joined.controller.abort();
      },
      { once: true },
    );
    return joined.result;
  }

  /** Forgets what this list's cache knows of one user (password changed, user disabled or removed). */
  forgetUser(username: string): void {
    this.cache.forgetUser(this.list, username);
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
