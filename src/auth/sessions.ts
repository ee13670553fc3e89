// Login sessions: random 256-bit ids, signed in the cookie, with idle and absolute expiry, kept on
// the server so logout really ends them. A changed password or a disabled user ends them too.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BoundedMap } from "./bounded-map";
import type { AuthenticatedUser } from "./decision";
import type { UserDirectory } from "./users";

export interface SessionOptions {
  /** Signs session ids and fingerprints password hashes. Keep it secret; 32 random bytes or more. */
  readonly secret: Buffer;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly maxSessions?: number;
  readonly now?: () => number;
}

interface SessionRecord {
  readonly username: string;
  /** The cookie's signature, compared in constant time: no HMAC is needed per request. */
  readonly signature: string;
  /** Fingerprint of the password hash at login: a new password ends old sessions. */
  readonly passwordFingerprint: string;
  readonly createdAt: number;
  lastSeen: number;
}

export interface ResolvedSession {
  readonly id: string;
  readonly user: AuthenticatedUser;
  readonly createdAt: number;
}

const ID_RE = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

export class SessionStore {
  private readonly sessions: BoundedMap<string, SessionRecord>;
  private readonly secret: Buffer;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly now: () => number;
  /** Fingerprints of the few password hashes in use, so a request costs no HMAC. */
  private readonly fingerprints = new Map<string, string>();
  /** What to close when a session ends (open websockets), by session id. */
  private readonly closers = new Map<string, Set<() => void>>();

  constructor(options: SessionOptions) {
    if (options.secret.length < 16) throw new RangeError("the session secret must be at least 16 bytes");
    if (!(options.idleMs > 0) || !(options.absoluteMs > 0)) throw new RangeError("session lifetimes must be positive");
    this.secret = options.secret;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
    this.now = options.now ?? Date.now;
    this.sessions = new BoundedMap(options.maxSessions ?? 50_000, this.now);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Seconds a new session's cookie should live: the absolute lifetime. */
  get maxAgeSeconds(): number {
    return Math.floor(this.absoluteMs / 1000);
  }

  private sign(id: string): string {
    return createHmac("sha256", this.secret).update(`session:${id}`).digest("base64url");
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
  create(username: string, passwordHash: string | undefined): string {
    const id = randomBytes(32).toString("base64url");
    const signature = this.sign(id);
    const now = this.now();
    this.sessions.set(
      id,
      { username, signature, passwordFingerprint: this.fingerprint(passwordHash), createdAt: now, lastSeen: now },
      this.idleMs,
    );
    return `${id}.${signature}`;
  }

  /** The session of a well-formed cookie value whose signature matches; undefined otherwise. */
  private lookup(cookieValue: string): { id: string; record: SessionRecord } | undefined {
    if (!ID_RE.test(cookieValue)) return undefined;
    const [id = "", signature = ""] = cookieValue.split(".");
    const record = this.sessions.get(id);
    if (!record) return undefined;
    const expected = Buffer.from(record.signature);
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { id, record } : undefined;
  }

  /** The live session behind a cookie value, refreshed; undefined if forged, expired or no longer valid. */
  resolve(cookieValue: string, users: UserDirectory): ResolvedSession | undefined {
    const found = this.lookup(cookieValue);
    if (!found) return undefined;
    const { id, record } = found;
    const now = this.now();
    const user = users.find(record.username);
    if (
      now - record.createdAt >= this.absoluteMs ||
      !user?.enabled ||
      this.fingerprint(user.hash) !== record.passwordFingerprint
    ) {
      this.sessions.delete(id);
      this.ended(id);
      return undefined;
    }
    record.lastSeen = now;
    this.sessions.set(id, record, Math.min(this.idleMs, record.createdAt + this.absoluteMs - now));
    return { id, user: { username: user.username, roles: user.roles }, createdAt: record.createdAt };
  }

  /** Ends the session behind a cookie value (logout). Returns whether one was ended. */
  destroy(cookieValue: string): boolean {
    const found = this.lookup(cookieValue);
    if (found === undefined || !this.sessions.delete(found.id)) return false;
    this.ended(found.id);
    return true;
  }

  /** Ends every session of one user. */
  destroyUser(username: string): number {
    const ids: string[] = [];
    const count = this.sessions.deleteWhere((s, id) => {
      if (s.username !== username) return false;
      ids.push(id);
      return true;
    });
    for (const id of ids) this.ended(id);
    return count;
  }

  clear(): void {
    this.sessions.clear();
    for (const id of [...this.closers.keys()]) this.ended(id);
  }

  /** Whether a session id (not a cookie value) is still live, without refreshing it. */
  isLive(sessionId: string): boolean {
    return this.sessions.get(sessionId) !== undefined;
  }

  /**
   * Runs `close` when the session ends (logout, password change, disabled user). For connections that
   * outlive the request that opened them, such as websockets. Returns a function that forgets `close`.
   */
  attach(sessionId: string, close: () => void): () => void {
    let set = this.closers.get(sessionId);
    if (!set) {
      set = new Set();
      this.closers.set(sessionId, set);
    }
    set.add(close);
    return () => {
      const current = this.closers.get(sessionId);
      current?.delete(close);
      if (current?.size === 0) this.closers.delete(sessionId);
    };
  }

  private ended(id: string): void {
    const set = this.closers.get(id);
    if (!set) return;
    this.closers.delete(id);
    for (const close of set) {
      try {
        close();
      } catch {
        // A connection that cannot be closed is already gone.
      }
    }
  }
}
