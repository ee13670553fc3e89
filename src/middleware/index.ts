// The settings.js factories: one user store for http-in routes, websockets, dashboards and the editor.
export { adminHeaders, type AdminHeadersOptions } from "./admin-headers";
export { dashboard, type DashboardGuard, type DashboardOptions } from "./dashboard";
export type { CommonOptions, PathRule } from "./factory-gate";
export { httpNode, type HttpNodeOptions, type GuardMiddleware } from "./http-node";
export { SecurityConfigError, users, type UserSpec, type UsersHandle, type UsersOption } from "./users-source";
export { verifyClient, type VerifyClientOptions, type VerifyClient } from "./verify-client";
