// The rule catalogue, in the order findings of equal severity are listed.
import type { Rule } from "../rule";
import adminAuthMissing from "./admin-auth-missing";
import adminPasswordNotBcrypt from "./admin-password-not-bcrypt";
import adminBcryptCost from "./admin-bcrypt-cost";
import adminWeakPassword from "./admin-weak-password";
import adminAnonymousAccess from "./admin-anonymous-access";
import adminStaticTokens from "./admin-static-tokens";
import tlsMissing from "./tls-missing";
import tlsCertificateExpiry from "./tls-certificate-expiry";
import tlsSelfSigned from "./tls-self-signed";
import tlsWeakKey from "./tls-weak-key";
import tlsHttpsRefresh from "./tls-https-refresh";
import exposureAllInterfaces from "./exposure-all-interfaces";
import exposureDefaultPort from "./exposure-default-port";
import exposurePublicAddress from "./exposure-public-address";
import exposureReachableAt from "./exposure-reachable-at";
import exposureSidebarRequest from "./exposure-sidebar-request";
import versionNodejs from "./version-nodejs";
import versionNodeRed from "./version-node-red";
import versionVulnerablePackage from "./version-vulnerable-package";
import liveCheck from "./live-check";
import httpNodeUnprotected from "./http-node-unprotected";
import httpBasicAuthWeak from "./http-basic-auth-weak";
import httpStaticUnprotected from "./http-static-unprotected";
import httpCorsWildcard from "./http-cors-wildcard";
import httpBasicDeviceFleet from "./http-basic-device-fleet";
import dashboardPagesOpen from "./dashboard-pages-open";
import dashboard2PagesOpen from "./dashboard2-pages-open";
import dashboardSocketOpen from "./dashboard-socket-open";
import websocketListenerOpen from "./websocket-listener-open";
import flowHttpInOpen from "./flow-http-in-open";
import flowDangerousNodeExposed from "./flow-dangerous-node-exposed";
import flowCredentialsInNodes from "./flow-credentials-in-nodes";
import flowTemplateUnescaped from "./flow-template-unescaped";
import flowTlsNoVerify from "./flow-tls-no-verify";
import flowPlainTextOutbound from "./flow-plain-text-outbound";
import flowSecurityNodesMisconfigured from "./flow-security-nodes-misconfigured";
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
  tlsCertificateExpiry,
  tlsSelfSigned,
  tlsWeakKey,
  tlsHttpsRefresh,
  exposureAllInterfaces,
  exposureDefaultPort,
  exposurePublicAddress,
  exposureReachableAt,
  exposureSidebarRequest,
  versionNodejs,
  versionNodeRed,
  versionVulnerablePackage,
  liveCheck,
  httpNodeUnprotected,
  httpBasicAuthWeak,
  httpStaticUnprotected,
  httpCorsWildcard,
  httpBasicDeviceFleet,
  dashboardPagesOpen,
  dashboard2PagesOpen,
  dashboardSocketOpen,
  websocketListenerOpen,
  flowHttpInOpen,
  flowDangerousNodeExposed,
  flowCredentialsInNodes,
  flowTemplateUnescaped,
  flowTlsNoVerify,
  flowPlainTextOutbound,
  flowSecurityNodesMisconfigured,
  credentialsUnencrypted,
  credentialsGeneratedKey,
  editorEnabledOnReachableHost,
  paletteInstallAllowed,
  userDirUnwritable,
];
