// Warnings about a new password that is allowed but weak (shown once, when it is set).
import { COMMON_PASSWORDS } from "./password-hash";

export function passwordWarnings(password: string): string[] {
  const warnings: string[] = [];
  if (password.length < 12) warnings.push("shorter than 12 characters");
  if (COMMON_PASSWORDS.includes(password.toLowerCase())) warnings.push("one of the most common passwords");
  return warnings;
}
