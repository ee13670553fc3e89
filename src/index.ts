// node-red-contrib-security: the API for settings.js and for scripts.
//   const security = require("node-red-contrib-security");
//   httpNodeMiddleware: security.httpNode({ users }), webSocketNodeVerifyClient: security.verifyClient({ users }),
//   ui: { ...security.dashboard({ users }) }, dashboard: security.dashboard({ users }),
//   httpAdminMiddleware: security.adminHeaders()
export * from "./middleware";
export { hashPassword, MAX_PASSWORD_BYTES } from "./auth/hash-password";
export { DEFAULT_BCRYPT_COST, MIN_BCRYPT_COST } from "./shared/validate";
export { adminAuth, type AdminAuthOptions, type EditorAdminAuth } from "./admin-auth";
export { collectFacts, runAudit, RULES } from "./audit";
export type { Facts, Finding, Report, Severity, Grade, Area, CollectContext } from "./audit";
export { https } from "./tls/https-setting";
export type { HttpsOptions } from "./tls/https-setting";
