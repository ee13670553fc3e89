// The rule catalogue, in the order findings of equal severity are listed.
import type { Rule } from "../rule";
import adminAuthMissing from "./admin-auth-missing";
import adminPasswordNotBcrypt from "./admin-password-not-bcrypt";
import adminBcryptCost from "./admin-bcrypt-cost";
import adminWeakPassword from "./admin-weak-password";
import adminAnonymousAccess from "./admin-anonymous-access";
import adminStaticTokens from "./admin-static-tokens";
import tlsMissing from "./tls-missing";
import exposureAllInterfaces from "./exposure-all-interfaces";
import exposureDefaultPort from "./exposure-default-port";
import liveCheck from "./live-check";
import httpNodeUnprotected from "./http-node-unprotected";
import httpBasicAuthWeak from "./http-basic-auth-weak";
import httpStaticUnprotected from "./http-static-unprotected";
import httpCorsWildcard from "./http-cors-wildcard";
import dashboardPagesOpen from "./dashboard-pages-open";
import dashboard2PagesOpen from "./dashboard2-pages-open";
import dashboardSocketOpen from "./dashboard-socket-open";
import websocketListenerOpen from "./websocket-listener-open";
import credentialsUnencrypted from "./credentials-unencrypted";
import credentialsGeneratedKey from "./credentials-generated-key";
import editorEnabledOnReachableHost from "./editor-enabled-on-reachable-host";
import paletteInstallAllowed from "./palette-install-allowed";
import userDirUnwritable from "./user-dir-unwritable";

export const RULES: readonly Rule[] = [
  adminAuthMissing,
  adminPasswordNotBcrypt,
  adminBcryptCost,
  adminWeakPassword,
  adminAnonymousAccess,
  adminStaticTokens,
  tlsMissing,
  exposureAllInterfaces,
  exposureDefaultPort,
  liveCheck,
  httpNodeUnprotected,
  httpBasicAuthWeak,
  httpStaticUnprotected,
  httpCorsWildcard,
  dashboardPagesOpen,
  dashboard2PagesOpen,
  dashboardSocketOpen,
  websocketListenerOpen,
  credentialsUnencrypted,
  credentialsGeneratedKey,
  editorEnabledOnReachableHost,
  paletteInstallAllowed,
  userDirUnwritable,
];
