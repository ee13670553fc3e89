// The facts the rules judge: a plain, secret-free description of one Node-RED instance.
import type { HashKind, WeakCheck } from "./password-hash";

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
  /** Things the collector noticed but no rule judges, e.g. "settings.js not found: defaults assumed". */
  readonly notes: readonly string[];
}

/** True when the instance answers on more than the loopback interface. */
export function isReachable(facts: Facts): boolean {
  return facts.listen.scope !== "loopback";
}
