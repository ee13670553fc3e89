// The login's second step: after the right password, a user with an authenticator app gets a short-lived
// pending login (its token in a cookie) and must send a current code, or one of their recovery codes.
// Codes work once, across instances when the store is shared; a pending login allows a few tries.
// The store keeps a pending login under a SHA-256 of its token, so reading the store gives no token.
import { createHash, randomBytes } from "node:crypto";
import { MemoryStore } from "./memory-store";
import type { Bucket, SharedStore } from "./store";
import { TotpChecker, matchRecoveryCode } from "./totp";
import type { UserDirectory, UserRecord } from "./users";

/** How long the code step may take. */
export const PENDING_LOGIN_MS = 5 * 60_000;
/** Wrong codes allowed per pending login; then the password is asked again. */
export const MAX_CODE_TRIES = 5;
/** A used recovery code is remembered this long in the store (and removed from the user's list). */
const USED_RECOVERY_MS = 400 * 86_400_000;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** The store key of a pending login's token (256 random bits: the hash needs no salt or secret). */
function pendingKey(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

interface PendingLogin {
  readonly username: string;
  readonly next: string;
  readonly tries: number;
  readonly expiresAt: number;
}

export type SecondStep =
  | { readonly ok: true; readonly user: UserRecord; readonly next: string; readonly recoveryUsed: boolean }
  /** "wrong": try again; "expired": the pending login is gone (time, tries, or already used). */
  | { readonly ok: false; readonly reason: "wrong" | "expired"; readonly username?: string; readonly next?: string };

export interface SecondFactorOptions {
  readonly store?: SharedStore;
  readonly namespace?: string;
  readonly now?: () => number;
  /** Told when a recovery code was used, so the users configuration can drop its hash for good. */
  readonly onRecoveryUsed?: (username: string, hash: string) => void;
}

export class SecondFactor {
  private readonly checker: TotpChecker;
  private readonly pending: Bucket<PendingLogin>;
  private readonly usedRecovery: Bucket<1>;
  private readonly now: () => number;
  private readonly onRecoveryUsed: ((username: string, hash: string) => void) | undefined;

  constructor(options: SecondFactorOptions = {}) {
    this.now = options.now ?? Date.now;
    const store = options.store ?? new MemoryStore(this.now);
    const ns = options.namespace ?? "users";
    this.checker = new TotpChecker({ store, namespace: `${ns}:totp`, now: this.now });
    this.pending = store.values(`${ns}:pending`, 20_000);
    this.usedRecovery = store.values(`${ns}:recovery`, 20_000);
    this.onRecoveryUsed = options.onRecoveryUsed;
  }

  /** Starts the code step for a user whose password was right; returns the token for its cookie. */
  async begin(username: string, next: string): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.pending.set(
      pendingKey(token),
      { username, next, tries: 0, expiresAt: this.now() + PENDING_LOGIN_MS },
      PENDING_LOGIN_MS,
    );
    return token;
  }

  /** The user name and target of a pending login, to show the code form again. */
  async peek(token: string | undefined): Promise<{ username: string; next: string } | undefined> {
    if (token === undefined || !TOKEN_RE.test(token)) return undefined;
    const found = await this.pending.get(pendingKey(token));
    return found ? { username: found.username, next: found.next } : undefined;
  }

  /** Ends a pending login (the user started again). */
  async cancel(token: string | undefined): Promise<void> {
    if (token !== undefined && TOKEN_RE.test(token)) await this.pending.delete(pendingKey(token));
  }

  /** Checks the code of a pending login; a right one ends the pending login and can never be used again. */
  async check(token: string | undefined, users: UserDirectory, typed: string): Promise<SecondStep> {
    if (token === undefined || !TOKEN_RE.test(token)) return { ok: false, reason: "expired" };
    const key = pendingKey(token);
    const pending = await this.pending.get(key);
    if (!pending) return { ok: false, reason: "expired" };
    const user = users.find(pending.username);
    if (!user?.enabled || !user.totp) {
      await this.pending.delete(key);
      return { ok: false, reason: "expired" };
    }
    const code = typed.trim().slice(0, 64);
    let right = false;
    let recoveryUsed = false;
    if (/^\d{3}\s?\d{3}$/.test(code)) {
      right = await this.checker.check(user.username, user.totp.secret, code);
    } else if (code.length > 0) {
      const index = matchRecoveryCode(user.totp.recovery, code);
      const hash = user.totp.recovery[index];
      if (hash !== undefined && (await this.usedRecovery.add(`${user.username}:${hash}`, 1, USED_RECOVERY_MS))) {
        right = true;
        recoveryUsed = true;
        this.onRecoveryUsed?.(user.username, hash);
      }
    }
    if (right) {
      // Taken, not read: of two requests racing with one pending login, one wins.
      if ((await this.pending.take(key)) === undefined) return { ok: false, reason: "expired" };
      return { ok: true, user, next: pending.next, recoveryUsed };
    }
    const tries = pending.tries + 1;
    const left = pending.expiresAt - this.now();
    if (tries >= MAX_CODE_TRIES || left <= 0) {
      await this.pending.delete(key);
      return { ok: false, reason: "expired", username: pending.username, next: pending.next };
    }
    // Only while it is there: a right code racing this one took it, and it must stay used.
    if (!(await this.pending.update(key, { ...pending, tries }, left))) {
      return { ok: false, reason: "expired", username: pending.username, next: pending.next };
    }
    return { ok: false, reason: "wrong", username: pending.username, next: pending.next };
  }
}
