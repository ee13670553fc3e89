// Makes bcrypt hashes for new passwords, with the checks every caller needs.
import bcrypt from "bcryptjs";
import { DEFAULT_BCRYPT_COST, MAX_BCRYPT_COST, MIN_BCRYPT_COST, isBcryptCost } from "../shared/validate";

// The cost range is one rule for the editor and the runtime (src/shared/validate.ts).
/** bcrypt ignores everything after 72 bytes: refuse longer passwords rather than silently cut them. */
export const MAX_PASSWORD_BYTES = 72;

export class PasswordInputError extends Error {
  constructor(
    readonly code: "ERR_NRS_PASSWORD_EMPTY" | "ERR_NRS_PASSWORD_TOO_LONG" | "ERR_NRS_PASSWORD_TYPE" | "ERR_NRS_COST",
    message: string,
  ) {
    super(message);
  }
}

export function validateCost(cost: unknown): number {
  if (cost === undefined || cost === null || cost === "") return DEFAULT_BCRYPT_COST;
  const n = typeof cost === "string" && /^\d+$/.test(cost) ? Number(cost) : cost;
  if (!isBcryptCost(n)) {
    throw new PasswordInputError(
      "ERR_NRS_COST",
      `bcrypt cost must be a whole number from ${String(MIN_BCRYPT_COST)} to ${String(MAX_BCRYPT_COST)}`,
    );
  }
  return n;
}

export function validateNewPassword(password: unknown): string {
  if (typeof password !== "string") throw new PasswordInputError("ERR_NRS_PASSWORD_TYPE", "The password must be text");
  if (password.length === 0) throw new PasswordInputError("ERR_NRS_PASSWORD_EMPTY", "The password is empty");
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw new PasswordInputError(
      "ERR_NRS_PASSWORD_TOO_LONG",
      `The password is longer than ${String(MAX_PASSWORD_BYTES)} bytes, the most bcrypt can use`,
    );
  }
  return password;
}

/** bcrypt-hashes a new password without blocking the event loop. */
export async function hashPassword(password: unknown, cost?: unknown): Promise<string> {
  const checked = validateNewPassword(password);
  const rounds = validateCost(cost);
  return bcrypt.hash(checked, rounds);
}
