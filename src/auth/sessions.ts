// Login sessions: random 256-bit ids, signed in the cookie, with idle and absolute expiry, kept in the
// store (this process's memory, or a shared one) so logout really ends them everywhere. A changed
// password or a disabled user ends them too. The store keeps each session under a SHA-256 of the
// cookie's id and never the signature: what a backup or a replica of the store holds makes no cookie.
import { createHmac, hash, randomBytes, timingSafeEqual } from "node:crypto";
import { BoundedMap } from "./bounded-map";
import { Closers } from "./closers";
import type { AuthenticatedUser } from "./decision";
import { MemoryStore } from "./memory-store";
import type { SessionBucket, SharedStore, StoredSession } from "./store";
import type { UserDirectory } from "./users";

export interface SessionOptions {
  /** Signs session ids and fingerprints password hashes. Keep it secret; 32 random bytes or more. */
  readonly secret: Buffer;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly maxSessions?: number;
  readonly now?: () => number;
  /** Where sessions live; a new memory store when absent. */
  readonly store?: SharedStore;
  /** Separates the sessions of one users configuration from another's in a shared store. */
  readonly namespace?: string;
  /** Told what the store needed cleaning of (sessions of an earlier version ended). */
  readonly log?: (message: string) => void;
}

export interface ResolvedSession {
  /** The session's key in the store (a hash of the cookie's id): names it to websockets and "ended" notices. */
  readonly id: string;
  readonly user: AuthenticatedUser;
  readonly createdAt: number;
  /** The login included a second factor. */
  readonly secondFactor: boolean;
}

const ID_RE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;
/** A session's idle clock is written back at most this often: a shared store is not written per request. */
const REFRESH_MAX_MS = 60_000;

/**
 * The store key of a cookie's session id. The id is 256 random bits, so an unsalted SHA-256 cannot be
 * reversed, and a key needs no secret: one that changes leaves no session behind unreachable.
 */
export function sessionKey(id: string): string {
  return hash("sha256", id, "base64url");
}

export class SessionStore {
  readonly store: SharedStore;
  private readonly bucket: SessionBucket;
  private readonly namespace: string;
  private readonly secret: Buffer;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly refreshMs: number;
  private readonly now: () => number;
  /** Fingerprints of the few password hashes in use, so a request costs no HMAC. */
  private readonly fingerprints = new Map<string, string>();
  /** What to close when a session ends (open websockets), by session id. */
  private readonly closers = new Closers();
  /** What to close when a user is changed or removed: connections opened with Basic or an API key. */
  private readonly userClosers = new Closers();
  /** Sessions this process saw alive lately: a synchronous answer for connections already open. */
  private readonly live: BoundedMap<string, true>;
  /**
   * The right signatures of the session ids seen lately, under their store keys, so that a request costs
   * a SHA-256 rather than an HMAC. Without its id a signature makes no cookie, and a store key gives no id.
   */
  private readonly signatures: BoundedMap<string, string>;
  private readonly unsubscribe: () => void;

  constructor(options: SessionOptions) {
    if (options.secret.length < 16) throw new RangeError("the session secret must be at least 16 bytes");
    if (!(options.idleMs > 0) || !(options.absoluteMs > 0)) throw new RangeError("session lifetimes must be positive");
    this.secret = options.secret;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
    this.refreshMs = Math.min(REFRESH_MAX_MS, Math.floor(options.idleMs / 10));
    this.now = options.now ?? Date.now;
    this.namespace = options.namespace ?? "sessions";
    this.store = options.store ?? new MemoryStore(this.now);
    const max = options.maxSessions ?? 50_000;
    this.bucket = this.store.sessions(this.namespace, max);
    this.live = new BoundedMap(max, this.now);
    this.signatures = new BoundedMap(max, this.now);
    // Sessions ended by another instance (or this one) close the connections they opened here.
    const stopEnded = this.store.onEnded((namespace, ids) => {
      if (namespace === this.namespace) for (const id of ids) this.ended(id);
    });
    const stopLegacy = this.endLegacy(options.log);
    this.unsubscribe = () => {
      stopEnded();
      stopLegacy();
    };
  }

  /**
   * Ends the sessions an earlier version kept in a shared store under the cookie's own id and with its
   * signature, once the store answers. They are ended, not moved under a hash: anyone who read the store
   * before (a backup, a replica) could have made their cookies, and moving them would keep those valid.
   */
  private endLegacy(log: ((message: string) => void) | undefined): () => void {
    if (this.store.kind === "memory") return () => undefined;
    let done = false;
    let running = false;
    const attempt = (): void => {
      if (done || running || !this.store.available()) return;
      running = true;
      this.bucket.endLegacy().then(
        (count) => {
          done = true;
          running = false;
          stop();
          if (count > 0) {
            log?.(
              `ended ${String(count)} session(s) stored by an earlier version of node-red-contrib-security in ` +
                `${this.store.description}: their store entries could be turned into cookies. Those users log in again.`,
            );
          }
        },
        () => {
          // The store went away meanwhile: the next time it is back.
          running = false;
        },
      );
    };
    const stop = this.store.onAvailability((available) => {
      if (available) attempt();
    });
    attempt();
    return stop;
  }

  /** How many sessions a memory store holds (undefined for a shared store). */
  get size(): number | undefined {
    return (this.bucket as { size?: number }).size;
  }

  /** Whether the store answers; while it does not, nobody gets in. */
  available(): boolean {
    return this.store.available();
  }

  /** Seconds a new session's cookie should live: the absolute lifetime. */
  get maxAgeSeconds(): number {
    return Math.floor(this.absoluteMs / 1000);
  }

  private sign(id: string): string {
    return createHmac("sha256", this.secret).update(`session:${id}`).digest("base64url");
  }

  /** The store key of a cookie value whose signature is right; undefined for anything else. */
  private keyOf(cookieValue: string): string | undefined {
    if (!ID_RE.test(cookieValue)) return undefined;
    const dot = cookieValue.indexOf(".");
    const id = cookieValue.slice(0, dot);
    const key = sessionKey(id);
    const known = this.signatures.get(key);
    const signature = known ?? this.sign(id);
    const expected = Buffer.from(signature);
    const given = Buffer.from(cookieValue.slice(dot + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    // Only a signature that matched is kept: forged cookies cannot fill the map.
    if (known === undefined) this.signatures.set(key, signature, this.idleMs);
    return key;
  }

  /** The fingerprint sessions keep of a password hash (an HMAC under the session secret). */
  fingerprintOf(hash: string): string {
    return this.fingerprint(hash);
  }

  private fingerprint(hash: string | undefined): string {
    const key = hash ?? "";
    let value = this.fingerprints.get(key);
    if (value === undefined) {
      value = createHmac("sha256", this.secret).update(`password:${key}`).digest("base64url");
      if (this.fingerprints.size >= 1024) this.fingerprints.clear();
      this.fingerprints.set(key, value);
    }
    return value;
  }

  /** Starts a session and returns the cookie value for it. */
  async create(username: string, passwordHash: string | undefined, secondFactor = false): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    const key = sessionKey(id);
    const now = this.now();
    const session: StoredSession = {
      username,
      passwordFingerprint: this.fingerprint(passwordHash),
      createdAt: now,
      lastSeen: now,
      ...(secondFactor ? { secondFactor: true } : {}),
    };
    await this.bucket.set(key, session, this.idleMs);
    this.live.set(key, true, this.idleMs);
    return `${id}.${this.sign(id)}`;
  }

  /** The session of a well-formed cookie value whose signature matches; undefined otherwise. */
  private async lookup(cookieValue: string): Promise<{ id: string; session: StoredSession } | undefined> {
    const id = this.keyOf(cookieValue);
    if (id === undefined) return undefined;
    const session = await this.bucket.get(id);
    return session ? { id, session } : undefined;
  }

  /** The live session behind a cookie value, refreshed; undefined if forged, expired or no longer valid. */
  async resolve(cookieValue: string, users: UserDirectory): Promise<ResolvedSession | undefined> {
    const found = await this.lookup(cookieValue);
    if (!found) return undefined;
    const { id, session } = found;
    const now = this.now();
    const user = users.find(session.username);
    if (
      now - session.createdAt >= this.absoluteMs ||
      !user?.enabled ||
      (this.fingerprint(user.hash) !== session.passwordFingerprint &&
        (user.formerPasswordFingerprint === undefined ||
          user.formerPasswordFingerprint !== session.passwordFingerprint))
    ) {
      await this.bucket.delete(id);
      this.store.publishEnded(this.namespace, [id]);
      return undefined;
    }
    const remaining = Math.min(this.idleMs, session.createdAt + this.absoluteMs - now);
    // Only while it is there: a logout between the read and this write keeps the session ended.
    if (
      now - session.lastSeen >= this.refreshMs &&
      !(await this.bucket.update(id, { ...session, lastSeen: now }, remaining))
    ) {
      return undefined;
    }
    this.live.set(id, true, remaining);
    return {
      id,
      user: { username: user.username, roles: user.roles },
      createdAt: session.createdAt,
      secondFactor: session.secondFactor === true,
    };
  }

  /** Ends the session behind a cookie value (logout). Returns whether one was ended. */
  async destroy(cookieValue: string): Promise<boolean> {
    const found = await this.lookup(cookieValue);
    if (found === undefined) return false;
    const removed = await this.bucket.delete(found.id);
    this.store.publishEnded(this.namespace, [found.id]);
    return removed;
  }

  /**
   * Ends every session of one user (their sockets close on every instance) and closes this process's
   * connections the user opened with Basic or an API key.
   */
  async destroyUser(username: string): Promise<number> {
    this.userClosers.close(username);
    const ids = await this.bucket.deleteUser(username);
    this.store.publishEnded(this.namespace, ids);
    return ids.length;
  }

  /**
   * Runs `close` when the user is disabled, removed or given a new password (a deploy that changes
   * them): for connections opened without a session. Returns a function that forgets `close`.
   */
  attachUser(username: string, close: () => void): () => void {
    return this.userClosers.add(username, close);
  }

  async clear(): Promise<void> {
    const ids = await this.bucket.clear();
    this.store.publishEnded(this.namespace, ids);
    for (const id of this.closers.keys()) this.ended(id);
  }

  /** Stops listening to the store (the users configuration was removed). */
  dispose(): void {
    this.unsubscribe();
  }

  /** Whether a session id (not a cookie value) is still live here, without asking the store. */
  isLive(sessionId: string): boolean {
    return this.live.get(sessionId) !== undefined;
  }

  /**
   * Runs `close` when the session ends (logout, password change, disabled user), on any instance.
   * For connections that outlive the request that opened them, such as websockets. Returns a function
   * that forgets `close`.
   */
  attach(sessionId: string, close: () => void): () => void {
    return this.closers.add(sessionId, close);
  }

  private ended(id: string): void {
    this.live.delete(id);
    this.signatures.delete(id);
    this.closers.close(id);
  }
}
