// node-red-contrib-security: the API for settings.js and for scripts.
export { hashPassword, DEFAULT_BCRYPT_COST, MIN_BCRYPT_COST, MAX_PASSWORD_BYTES } from "./auth/hash-password";
export { collectFacts, runAudit, RULES } from "./audit";
export type { Facts, Finding, Report, Severity, Grade, Area, CollectContext } from "./audit";
