// Input rules shared by the editor (node dialogs, bundled into resources/validate.js) and the runtime:
// pure functions, no Node.js or browser APIs, so both sides accept exactly the same values.

/** bcrypt cost of new hashes when none is configured. */
export const DEFAULT_BCRYPT_COST = 12;
/** The lowest bcrypt cost accepted for new hashes (OWASP ASVS 2.4.4); lower ones are reported. */
export const MIN_BCRYPT_COST = 10;
/** Costs above this take seconds per login. */
export const MAX_BCRYPT_COST = 15;

/** Whether `cost` is a bcrypt cost new hashes may use: a whole number in the allowed range. */
export function isBcryptCost(cost: unknown): cost is number {
  return typeof cost === "number" && Number.isInteger(cost) && cost >= MIN_BCRYPT_COST && cost <= MAX_BCRYPT_COST;
}

/**
 * Whether `path` is a path a gate can use (scope, login, logout, cookie path): it starts with "/", has
 * no white space, "?", "#" or "\", and no empty segment ("//"). The runtime trims it first.
 */
export function isGatePath(path: unknown): path is string {
  return typeof path === "string" && /^\/[^\s?#\\]*$/.test(path) && !path.includes("//");
}

/** The user name in `value` as it is stored and compared: trimmed text, "" when there is none. */
export function userName(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/** Whether every entry of a users list has a user name and no two share one. */
export function hasDistinctUserNames(accounts: unknown): boolean {
  if (!Array.isArray(accounts)) return false;
  const seen = new Set<string>();
  for (const account of accounts as unknown[]) {
    const name = userName((account as { username?: unknown } | null)?.username);
    if (!name || seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}
