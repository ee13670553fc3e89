// The facts the rules judge: a plain, secret-free description of one Node-RED instance.
import type { Text } from "../i18n/messages";
import type { HashKind, WeakCheck } from "../auth/password-hash";
import type { FlowNodeRef } from "./types";
import type { FlowFacts } from "./flows/types";

export type HostScope = "loopback" | "all-interfaces" | "specific";

export interface PasswordFacts {
  readonly kind: HashKind;
  readonly cost?: number;
  readonly weak: WeakCheck;
}

export interface AdminUserFacts {
  readonly username: string;
  readonly permissions: readonly string[];
  readonly password: PasswordFacts;
}

export type AdminAuthFacts =
  | { readonly kind: "none" }
  | { readonly kind: "invalid"; readonly reason: string }
  | {
      readonly kind: "credentials" | "strategy";
      /** Users listed in settings.js, or "function" when a lookup function decides. */
      readonly users: readonly AdminUserFacts[] | "function";
      readonly customAuthenticate: boolean;
      /** Permissions of anonymous visitors; empty when they get none. "function" when custom code decides. */
      readonly defaultPermissions: readonly string[] | "function";
      /** Static API tokens written in settings.js, or a function that checks tokens. */
      readonly tokens:
        { readonly kind: "none" } | { readonly kind: "static"; readonly count: number } | { readonly kind: "function" };
    };

export type BasicAuthFacts =
  | { readonly kind: "none" }
  | { readonly kind: "middleware" }
  | { readonly kind: "invalid"; readonly reason: string }
  | { readonly kind: "basic"; readonly user: string; readonly password: PasswordFacts };

export interface ListenFacts {
  readonly host: string;
  readonly port: number;
  readonly scope: HostScope;
  /** "server" when read from the running server, "settings" when only settings.js says so. */
  readonly source: "server" | "settings";
}

/** A kind of door a guard closes (the shape of src/middleware/registry.ts, copied: audit/ imports no glue). */
export type DoorKind = "http" | "http-in" | "socket.io" | "websocket";

/** A guard node-red-contrib-security put in place at runtime (an auth gate or a settings.js factory). */
export interface GuardedDoor {
  readonly id: string;
  /** Path below httpNodeRoot the guard covers ("/" for everything). */
  readonly scope: string;
  readonly source: "auth-gate" | "settings";
  readonly covers: readonly DoorKind[];
}

/**
 * What a request without credentials, sent by this instance to itself, got: "open" (the page, or a
 * socket.io handshake), "closed" (refused, or sent to a login) or "absent" (nothing is served there).
 */
export type ProbeResult = "open" | "closed" | "absent";

export interface DashboardDoor {
  /** Path below httpNodeRoot, with a leading slash, e.g. "/ui". */
  readonly path: string;
  /** Live checks; missing when they were not made or gave no answer. */
  readonly page?: ProbeResult;
  readonly socket?: ProbeResult;
}

export interface DashboardFacts {
  /** The settings object the dashboard reads: "ui", or "dashboard" for Dashboard 2 when it is set. */
  readonly settingsKey: "ui" | "dashboard";
  /** Where its pages are served; empty when it serves none (Dashboard 2 without a ui-base node). */
  readonly doors: readonly DashboardDoor[];
  /** `<settingsKey>.middleware` guards the pages. */
  readonly middleware: boolean;
  /** `<settingsKey>.ioMiddleware` guards the socket.io handshake. */
  readonly ioMiddleware: boolean;
}

/** Doors besides http-in routes: dashboards and websocket listeners, and the guards in front of them. */
export interface DoorFacts {
  /** httpNodeRoot, normalised with a leading and no trailing slash ("" for "/"). */
  readonly httpNodeRoot: string;
  /** node-red-dashboard (1.x–3.x); missing when it is not installed. */
  readonly dashboard1?: DashboardFacts;
  /** FlowFuse Dashboard 2 (@flowfuse/node-red-dashboard); missing when it is not installed. */
  readonly dashboard2?: DashboardFacts;
  readonly websockets: {
    /** Paths (below httpNodeRoot) of `websocket-listener` config nodes in the flows. */
    readonly paths: readonly string[];
    /** webSocketNodeVerifyClient is a function. */
    readonly verifier: boolean;
  };
  /**
   * Guards of ours in place. Only auth gates say where they stand; a settings.js factory registers scope
   * "/" wherever it is plugged in, so the rules judge it by the settings key it sits in instead.
   */
  readonly guards: readonly GuardedDoor[];
  /** Whether the flows could be read: without them, listeners and Dashboard 2 paths are unknown. */
  readonly flowsRead: boolean;
}

/** A door the live check knocked on. */
export type LiveCheckKind = "admin-api" | "editor" | "http-in" | "static" | "dashboard" | "websocket";
/** What a stranger got: in ("open"), refused ("closed"), no clear answer, or not asked. */
export type LiveCheckState = "open" | "closed" | "unknown" | "skipped";

export interface LiveCheckResult {
  readonly kind: LiveCheckKind;
  /** What a person calls the door: a plain "GET /api/door", or a message ("live-doors.adminApi"). */
  readonly label: Text;
  readonly path: string;
  readonly method: "GET" | "HEAD" | "UPGRADE";
  readonly state: LiveCheckState;
  readonly status?: number;
  /** Why it was not asked ("live-doors.*"), or the error a request ended with. */
  readonly note?: Text;
  readonly node?: FlowNodeRef;
}

/** The live check: what this instance answered to requests without credentials. */
export interface LiveCheckFacts {
  /** Where it asked, e.g. "http://127.0.0.1:1880". */
  readonly base: string;
  readonly results: readonly LiveCheckResult[];
}

/** A TLS certificate, described without any key material. Dates are ISO 8601. */
export interface CertificateFacts {
  /** "server": presented by the running server; "settings": read from settings.https. */
  readonly source: "server" | "settings";
  readonly subject: string;
  readonly issuer: string;
  /** Issued by itself (its own key signs it). */
  readonly selfSigned: boolean;
  readonly validFrom: string;
  readonly validTo: string;
  /** Whole days from the scan to validTo; negative once expired. */
  readonly daysLeft: number;
  /** "rsa", "ec", "ed25519", … as node:crypto names them. */
  readonly keyType?: string;
  readonly keyBits?: number;
  /** The named curve of an EC key, e.g. "prime256v1". */
  readonly curve?: string;
  /** Signed by this Node-RED's own authority (made by security.https()). */
  readonly issuedByLocalCa?: boolean;
}

/** What security.https() of settings.js did when Node-RED last called it. */
export interface PackageHttpsFacts {
  /** "off": it found no usable certificate and Node-RED started over plain HTTP. */
  readonly state: "on" | "off";
  /** "local-ca": the package's own authority; "files": the user's certificate files. */
  readonly source: "local-ca" | "files";
  /** Why it is off, or what is wrong with the certificate it serves. */
  readonly reason?: string;
}

/** loopback, LAN (RFC 1918, link-local, fc00::/7), VPN/CGNAT (100.64.0.0/10, Tailscale), public, or a host name. */
export type AddressClass = "loopback" | "lan" | "vpn" | "public" | "unknown";

export interface ExposedAddress {
  readonly address: string;
  readonly class: AddressClass;
  /** The network interface it belongs to, when known. */
  readonly interface?: string;
}

/** How the request that asked for this report reached the server (the sidebar only). */
export interface RequestFacts {
  /** The connection's own peer address: a proxy's address when there is one. */
  readonly remote: string;
  readonly remoteClass: AddressClass;
  /** The connection itself is TLS. */
  readonly encrypted: boolean;
  /** Names of the proxy headers present (x-forwarded-for, x-forwarded-proto, forwarded). */
  readonly proxyHeaders: readonly string[];
  /** The protocol the proxy says the browser used, lower case. */
  readonly forwardedProto?: string;
  /** The browser's address as the proxy tells it. */
  readonly forwardedFor?: string;
  readonly forwardedForClass?: AddressClass;
  /** httpServerOptions["trust proxy"] (or requireHttps, which trusts proxies for the editor) is set. */
  readonly proxyDeclared: boolean;
}

export interface ExposureFacts {
  /** The addresses the server answers on (every interface address when it listens on all of them). */
  readonly addresses: readonly ExposedAddress[];
  /** false when it listens on every interface but they could not be listed (the CLI does not know the host). */
  readonly enumerated: boolean;
  /** A unix socket path instead of addresses. */
  readonly socket?: string;
  readonly request?: RequestFacts;
}

export interface VersionAdvisory {
  readonly id: string;
  readonly severity: "critical" | "high" | "medium" | "low";
  readonly summary: string;
  readonly fixedIn: string;
  readonly url: string;
}

export interface PackageVersionFacts {
  readonly name: string;
  readonly version: string;
  /** Where its package.json was found. */
  readonly path?: string;
  /** Advisories of the support data this version is affected by. */
  readonly advisories: readonly VersionAdvisory[];
}

export interface VersionFacts {
  /** When the support data was last updated, and how many days before the scan. */
  readonly dataUpdated: string;
  readonly dataAgeDays: number;
  /** The Node.js that runs Node-RED; missing when unknown (the CLI does not know it). */
  readonly nodeJs?: {
    readonly version: string;
    readonly major: number;
    /** End of life of this major; missing when the data does not list it. */
    readonly endOfLife?: string;
    readonly daysToEndOfLife?: number;
  };
  /** Node-RED itself; missing when its version is unknown. */
  readonly nodeRed?: {
    readonly version: string;
    readonly major: number;
    readonly endOfLife?: string;
    readonly daysToEndOfLife?: number;
    /** The data knows no such major (newer than the data). */
    readonly unknownMajor: boolean;
  };
  /** Node-RED and installed packages the support data has advisories for. */
  readonly packages: readonly PackageVersionFacts[];
}

export interface Facts {
  readonly source: "runtime" | "settings-file";
  readonly settingsFile?: string;
  readonly nodeRedVersion?: string;
  readonly nodeVersion?: string;
  readonly adminAuth: AdminAuthFacts;
  /** false when `httpAdminRoot: false` or `httpRoot: false`: no editor and no admin API at all. */
  readonly adminApiEnabled: boolean;
  readonly disableEditor: boolean;
  readonly listen: ListenFacts;
  readonly tls: {
    /** Whether the server speaks HTTPS (the running server when known, else settings.https). */
    readonly enabled: boolean;
    readonly httpsSetting: "none" | "object" | "function";
    readonly refreshIntervalHours?: number;
    readonly requireHttps: boolean;
    /** The certificate the server presents (or settings.https names); missing when it could not be read. */
    readonly certificate?: CertificateFacts;
    /** https is security.https(): what it did last (missing when it has not run or was not read). */
    readonly packageHttps?: PackageHttpsFacts;
    /** https is security.https() (the package makes and renews the certificate). */
    readonly managedByPackage?: boolean;
  };
  readonly httpNode: {
    readonly enabled: boolean;
    readonly auth: BasicAuthFacts;
    readonly middleware: boolean;
    readonly corsOrigin?: string;
  };
  readonly httpStatic: {
    readonly paths: readonly string[];
    readonly auth: BasicAuthFacts;
    /** Paths whose own `middleware` guards them. */
    readonly guardedPaths: readonly string[];
  };
  readonly credentialSecret: "set" | "generated" | "disabled";
  readonly palette: { readonly installAllowed: boolean; readonly uploadAllowed: boolean };
  readonly userDir: {
    readonly path?: string;
    /** undefined when it could not be checked. */
    readonly writable?: boolean;
    readonly sessionsFileWritable?: boolean;
  };
  /** Dashboards and websocket listeners; missing when the caller did not look for them. */
  readonly doors?: DoorFacts;
  /** Present only when a live check was asked for (sidebar button, CLI --probe). */
  readonly liveCheck?: LiveCheckFacts;
  /** What the deployed flows expose (src/audit/flows); missing when the flows were not read. */
  readonly flows?: FlowFacts;
  /** Where the server listens and how the report's own request arrived; missing when not looked at. */
  readonly exposure?: ExposureFacts;
  /** Node.js, Node-RED and installed packages against the support data of src/audit/data/support.ts. */
  readonly versions?: VersionFacts;
  /** Password logins over Basic in the last hour (the runtime only): counts, never a name. */
  readonly basicLogins?: BasicLoginFacts;
  /** Things the collector noticed but no rule judges, e.g. "settings.js not found: defaults assumed". */
  readonly notes: readonly Text[];
}

/** One users list's Basic logins in the last hour. */
export interface BasicLoginListFacts {
  /** The auth-users node's id, or the settings.js source ("list:…", "file:…"). */
  readonly list: string;
  /** Distinct users whose password came over Basic (from the cache or checked by bcrypt). */
  readonly users: number;
  /** bcrypt checks run for them. */
  readonly bcryptChecks: number;
  /** Milliseconds those checks took. */
  readonly bcryptMs: number;
}

export interface BasicLoginFacts {
  readonly lists: readonly BasicLoginListFacts[];
  /** Worker threads checking passwords. */
  readonly workers: number;
  /** Measured milliseconds of one cost-12 check. */
  readonly cost12Ms: number;
}

/** True when the instance answers on more than the loopback interface. */
export function isReachable(facts: Facts): boolean {
  return facts.listen.scope !== "loopback";
}
