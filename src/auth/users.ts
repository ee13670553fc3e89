// The users a gate checks against: names, roles, enabled flags and bcrypt hashes.
import { classifyHash } from "./password-hash";
import { DEFAULT_BCRYPT_COST } from "../shared/validate";
import { WordedError } from "../shared/worded-error";

export interface UserRecord {
  readonly username: string;
  readonly roles: readonly string[];
  readonly enabled: boolean;
  /** bcrypt hash; absent when no password was set (the user cannot log in). */
  readonly hash?: string;
  /** The user's second factor, when one is set up. */
  readonly totp?: UserTotp;
  /**
   * Session fingerprint of the hash this one replaced when a login re-hashed the same password at a
   * higher cost: sessions made before the re-hash stay valid.
   */
  readonly formerPasswordFingerprint?: string;
}

export interface UserTotp {
  /** Base32 shared secret of the authenticator app. */
  readonly secret: string;
  /** SHA-256 hashes of the unused recovery codes. */
  readonly recovery: readonly string[];
}

export class UsersConfigError extends WordedError {
  readonly code = "ERR_NRS_USERS_CONFIG";
}

export class UserDirectory {
  private readonly byName = new Map<string, UserRecord>();
  /** The cost unknown user names are checked at, so they take as long as real ones. */
  readonly typicalCost: number;

  constructor(users: readonly UserRecord[]) {
    const costs: number[] = [];
    for (const user of users) {
      if (typeof user.username !== "string" || user.username.length === 0) {
        throw new UsersConfigError("A user has no user name", "noName");
      }
      if (this.byName.has(user.username))
        throw new UsersConfigError(`The user name "${user.username}" is used twice`, "usedTwice", {
          name: user.username,
        });
      if (user.hash !== undefined) {
        const info = classifyHash(user.hash);
        if (info.kind !== "bcrypt") {
          throw new UsersConfigError(`The password of "${user.username}" is not a bcrypt hash`, "notBcrypt", {
            name: user.username,
          });
        }
        if (info.cost !== undefined) costs.push(info.cost);
      }
      this.byName.set(user.username, user);
    }
    this.typicalCost = costs.length ? Math.max(...costs) : DEFAULT_BCRYPT_COST;
  }

  find(username: string): UserRecord | undefined {
    return this.byName.get(username);
  }

  get size(): number {
    return this.byName.size;
  }

  all(): IterableIterator<UserRecord> {
    return this.byName.values();
  }

  /** Users who can log in: enabled, with a password. */
  get activeCount(): number {
    let n = 0;
    for (const u of this.byName.values()) if (u.enabled && u.hash !== undefined) n += 1;
    return n;
  }
}
