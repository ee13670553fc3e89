// Second factor: time-based one-time codes (RFC 6238, via otplib) that work once each, with one step
// of clock skew either way, and one-time recovery codes kept only as hashes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type * as Otplib from "otplib";
import { MemoryStore } from "./memory-store";
import type { SharedStore, StepBucket } from "./store";

/** Seconds per code (what authenticator apps use). */
export const TOTP_PERIOD = 30;
/** Codes from one step before or after now still count: phones' clocks drift. */
const SKEW_SECONDS = TOTP_PERIOD;
const CODE = /^\d{6}$/;

export class TotpUnavailableError extends Error {
  readonly code = "ERR_NRS_TOTP_UNAVAILABLE";
}

let loaded: typeof Otplib | undefined;

/**
 * otplib, loaded on first use: its parts are ES modules, which Node.js loads with `require` from
 * 20.19 on. On older versions the rest of the package still works; second factors say why they cannot.
 */
function otp(): typeof Otplib {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require("otplib") as typeof Otplib;
    } catch (err) {
      // The cause names files of the server; the message only what to do.
      throw new TotpUnavailableError(`Second factors need Node.js 20.19 or newer (this is ${process.version})`, {
        cause: err,
      });
    }
  }
  return loaded;
}

/** Why second factors cannot work on this Node.js, or undefined when they can. */
export function totpProblem(): string | undefined {
  try {
    otp();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A new shared secret (base32, 160 bits) for an authenticator app. */
export function makeTotpSecret(): string {
  return otp().generateSecret();
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function otpauthUri(issuer: string, username: string, secret: string): string {
  return otp().generateURI({ issuer, label: username, secret });
}

/** The code for a secret at a time (seconds since the epoch): for tests and enrolment checks. */
export function totpCode(secret: string, epochSeconds: number): string {
  return otp().generateSync({ secret, epoch: epochSeconds });
}

export interface TotpCheckerOptions {
  /** Milliseconds since the epoch; a fixed clock in tests. */
  readonly now?: () => number;
  /** How many users' last accepted steps a memory store remembers (LRU). */
  readonly maxUsers?: number;
  /** Where used steps are kept: a shared store makes a code work once across instances. */
  readonly store?: SharedStore;
  readonly namespace?: string;
}

/** Checks codes and remembers each user's last accepted step, so a code (or an older one) works once. */
export class TotpChecker {
  private readonly now: () => number;
  private readonly lastStep: StepBucket;

  constructor(options: TotpCheckerOptions = {}) {
    this.now = options.now ?? Date.now;
    const store = options.store ?? new MemoryStore(this.now);
    this.lastStep = store.steps(options.namespace ?? "totp", options.maxUsers ?? 100_000);
  }

  /** True once for a right code; false for a wrong, malformed or already used one. */
  async check(key: string, secret: string, code: string): Promise<boolean> {
    const token = code.replace(/\s+/g, "");
    if (!CODE.test(token) || secret.length === 0) return false;
    let result: Awaited<ReturnType<typeof Otplib.verify>>;
    try {
      // A Node.js that cannot load otplib refuses every code: fail closed.
      result = await otp().verify({
        secret,
        token,
        epoch: Math.floor(this.now() / 1000),
        epochTolerance: SKEW_SECONDS,
      });
    } catch {
      return false;
    }
    // Without the step it matched, replays could not be refused: fail closed.
    const step =
      result.valid && "timeStep" in result && typeof result.timeStep === "number" ? result.timeStep : undefined;
    if (step === undefined) return false;
    // Kept as long as a code of that step could still be accepted, and a little more.
    return this.lastStep.advance(key, step, 4 * TOTP_PERIOD * 1000);
  }
}

/** No 0/o, 1/l/i: easy to read off paper and type. 31 letters and digits, ~4.95 bits each. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
/** Characters per code: 24 × log2(31) ≈ 119 bits, above the 112 of OWASP ASVS 2.6.2. */
const RECOVERY_LENGTH = 24;
const RECOVERY_GROUP = 4;

/**
 * The stored form of a recovery code: SHA-256 of its letters and digits (case, spaces and dashes
 * ignored). Codes carry ≥ 112 random bits, so a fast unsalted hash is enough (ASVS 2.6.2); codes made
 * by older versions (10 characters, ~50 bits) are read the same way and keep working until replaced.
 */
function recoveryHash(code: string): string {
  return createHash("sha256")
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ""))
    .digest("hex");
}

/** Uniformly random characters of the alphabet (bytes that would bias the choice are drawn again). */
function randomCharacters(count: number): string {
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  let out = "";
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < limit && out.length < count) out += RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length] ?? "";
    }
  }
  return out;
}

/** Fresh recovery codes ("xxxx-xxxx-xxxx-xxxx-xxxx-xxxx", ~119 random bits each) and the hashes to store instead. */
export function makeRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const chars = randomCharacters(RECOVERY_LENGTH);
    const groups: string[] = [];
    for (let i = 0; i < chars.length; i += RECOVERY_GROUP) groups.push(chars.slice(i, i + RECOVERY_GROUP));
    return groups.join("-");
  });
  return { codes, hashes: codes.map(recoveryHash) };
}

/**
 * Which stored hash a typed recovery code matches (compared in constant time), or -1. The caller
 * removes that hash so the code works once.
 */
export function matchRecoveryCode(hashes: readonly string[], typed: string): number {
  const given = Buffer.from(recoveryHash(typed), "hex");
  let found = -1;
  hashes.forEach((hash, index) => {
    const stored = Buffer.from(hash, "hex");
    if (stored.length === given.length && timingSafeEqual(stored, given) && found < 0) found = index;
  });
  return found;
}
