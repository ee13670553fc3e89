// Turns a Node-RED settings object (from settings.js or the running runtime) into secret-free facts.
// Any value may be of any type: nothing here throws on a strange setting, it is described instead.
import { note, type Text } from "../i18n/messages";
import { accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";
import type {
  LiveCheckFacts,
  AdminAuthFacts,
  AdminUserFacts,
  BasicAuthFacts,
  Facts,
  HostScope,
  ListenFacts,
  PasswordFacts,
} from "./facts";
import { describeDoors, type DoorContext } from "./collect-doors";
import { collectFlowFacts } from "./flows/collect-flow-facts";
import { flowList } from "./flows/raw-node";
import { checkWeakPassword, classifyHash } from "../auth/password-hash";
import { describeCertificate, isPackageHttps } from "./certificate";
import { describeExposure, describeRequest, type RequestInput } from "./collect-exposure";
import { describeVersions, type InstalledPackage } from "./versions";
import type { BasicLoginFacts, CertificateFacts, PackageHttpsFacts } from "./facts";

export type Settings = Readonly<Record<string, unknown>>;

export interface ServerFacts {
  /** What `server.address()` returned. */
  readonly address: unknown;
  readonly tls: boolean;
}

export interface CollectContext {
  readonly source: "runtime" | "settings-file";
  readonly settingsFile?: string;
  /** The user directory, when the settings do not name it (the CLI knows it from its argument). */
  readonly userDir?: string;
  readonly nodeRedVersion?: string;
  /** The running server, when there is one: it wins over what settings.js says. */
  readonly server?: ServerFacts;
  readonly notes?: readonly Text[];
  /** Dashboards, flows and guards to describe as `facts.doors`; without it, those rules stay silent. */
  readonly doors?: DoorContext;
  /** The answers of a live check, when one was asked for. */
  readonly liveCheck?: LiveCheckFacts;
  /**
   * Per auth-users node id, how many enabled users have a password (the runtime reads the credentials);
   * the flows themselves come in `doors.flows`.
   */
  readonly usersWithPasswords?: Readonly<Record<string, number>>;
  /** The time of the scan (certificate expiry, end-of-life dates); default now. */
  readonly now?: Date;
  /** The certificate the server presents, or settings.https names: a PEM/DER value, never the key. */
  readonly certificate?: { readonly raw: unknown; readonly source: "server" | "settings" };
  /** What security.https() did last (its status), when https is the package's function. */
  readonly packageHttps?: PackageHttpsFacts;
  /** This Node-RED's own authority's certificate (PEM), to tell its certificates from self-signed ones. */
  readonly localCaCert?: string;
  /** `os.networkInterfaces()` of the machine Node-RED runs on; without it 0.0.0.0 stays unlisted. */
  readonly interfaces?: unknown;
  /** The request that asked for this report (the sidebar's). */
  readonly request?: RequestInput;
  /** The Node.js that runs Node-RED; the runtime defaults to this process, the CLI does not know it. */
  readonly nodeJsVersion?: string;
  /** Installed packages with their versions (node-red-dashboard…), for known advisories. */
  readonly packages?: readonly InstalledPackage[];
  /** Basic password logins of the last hour, from the running gates (the runtime only). */
  readonly basicLogins?: BasicLoginFacts;
}

const DEFAULT_PORT = 1880;

export async function collectFacts(settings: Settings, context: CollectContext): Promise<Facts> {
  const notes = [...(context.notes ?? [])];
  const httpRootOff = settings.httpRoot === false;
  const userDir = typeof settings.userDir === "string" ? settings.userDir : context.userDir;
  const now = context.now ?? new Date();
  const listen = describeListen(settings, context.server, notes);
  const certificate = describeTlsCertificate(context.certificate, now, notes, context.localCaCert);
  const managedByPackage = isPackageHttps(settings.https);
  const nodeJsVersion = context.nodeJsVersion ?? (context.source === "runtime" ? process.versions.node : undefined);
  return {
    source: context.source,
    ...(context.settingsFile === undefined ? {} : { settingsFile: context.settingsFile }),
    ...(context.nodeRedVersion === undefined ? {} : { nodeRedVersion: context.nodeRedVersion }),
    nodeVersion: process.versions.node,
    adminAuth: await describeAdminAuth(settings.adminAuth),
    adminApiEnabled: !httpRootOff && settings.httpAdminRoot !== false,
    disableEditor: settings.disableEditor === true || httpRootOff || settings.httpAdminRoot === false,
    listen,
    tls: {
      enabled: context.server ? context.server.tls : Boolean(settings.https),
      httpsSetting:
        typeof settings.https === "function"
          ? "function"
          : settings.https && typeof settings.https === "object"
            ? "object"
            : "none",
      ...refreshInterval(settings.httpsRefreshInterval),
      requireHttps: settings.requireHttps === true,
      ...(certificate === undefined ? {} : { certificate }),
      ...(managedByPackage ? { managedByPackage } : {}),
      ...(managedByPackage && context.packageHttps ? { packageHttps: context.packageHttps } : {}),
    },
    httpNode: {
      enabled: !httpRootOff && settings.httpNodeRoot !== false,
      auth: await describeBasicAuth(settings.httpNodeAuth ?? settings.httpAuth, "httpNodeAuth", true),
      middleware: isMiddleware(settings.httpNodeMiddleware),
      ...describeCors(settings.httpNodeCors),
    },
    httpStatic: await describeStatic(settings),
    credentialSecret:
      settings.credentialSecret === false
        ? "disabled"
        : typeof settings.credentialSecret === "string" && settings.credentialSecret.length > 0
          ? "set"
          : "generated",
    palette: describePalette(settings),
    userDir: describeUserDir(userDir),
    ...(context.doors === undefined ? {} : { doors: describeDoors(settings, context.doors, notes) }),
    ...(context.liveCheck === undefined ? {} : { liveCheck: context.liveCheck }),
    ...(context.basicLogins === undefined ? {} : { basicLogins: context.basicLogins }),
    ...(flowList(context.doors?.flows) === undefined
      ? {}
      : {
          flows: collectFlowFacts({
            flows: context.doors?.flows,
            ...(context.usersWithPasswords === undefined ? {} : { usersWithPasswords: context.usersWithPasswords }),
          }),
        }),
    exposure: describeExposure(
      listen,
      context.interfaces,
      context.request === undefined ? undefined : describeRequest(context.request, settings),
    ),
    versions: describeVersions(
      {
        ...(nodeJsVersion === undefined ? {} : { nodeJs: nodeJsVersion }),
        ...(context.nodeRedVersion === undefined ? {} : { nodeRed: context.nodeRedVersion }),
        ...(context.packages === undefined ? {} : { packages: context.packages }),
      },
      now,
    ),
    notes,
  };
}

function describeTlsCertificate(
  input: CollectContext["certificate"],
  now: Date,
  notes: Text[],
  localCaCert: string | undefined,
): CertificateFacts | undefined {
  if (input === undefined) return undefined;
  const facts = describeCertificate(input.raw, input.source, now, localCaCert);
  if (facts === undefined) {
    notes.push(note(input.source === "server" ? "serverCertUnreadable" : "settingsCertUnreadable"));
  }
  return facts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMiddleware(value: unknown): boolean {
  return typeof value === "function" || (Array.isArray(value) && value.some((m) => typeof m === "function"));
}

function toPermissions(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

async function describePassword(value: unknown): Promise<PasswordFacts> {
  const info = classifyHash(value);
  const weak = typeof value === "string" ? await checkWeakPassword(value) : "not-checked";
  return { kind: info.kind, ...(info.cost === undefined ? {} : { cost: info.cost }), weak };
}

async function describeAdminAuth(value: unknown): Promise<AdminAuthFacts> {
  if (value === undefined || value === null || value === false) return { kind: "none" };
  if (!isObject(value)) return { kind: "invalid", reason: "adminAuth is not an object" };
  const type = value.type;
  if (type !== "credentials" && type !== "strategy") {
    return {
      kind: "invalid",
      reason: `adminAuth.type is ${type === undefined ? "missing" : JSON.stringify(type)}, not "credentials" or "strategy"`,
    };
  }
  let users: AdminUserFacts[] | "function";
  if (typeof value.users === "function") {
    users = "function";
  } else {
    const list: unknown[] = Array.isArray(value.users) ? value.users : value.users === undefined ? [] : [value.users];
    users = await Promise.all(
      list.map(async (entry, index) => {
        const user = isObject(entry) ? entry : {};
        return {
          username: typeof user.username === "string" ? user.username : `#${String(index + 1)} (no username)`,
          permissions: toPermissions(user.permissions),
          password: await describePassword(user.password),
        };
      }),
    );
  }
  const tokens = Array.isArray(value.tokens)
    ? ({ kind: "static", count: value.tokens.length } as const)
    : typeof value.tokens === "function"
      ? ({ kind: "function" } as const)
      : ({ kind: "none" } as const);
  const defaults = value.default;
  return {
    kind: type,
    users,
    customAuthenticate: typeof value.authenticate === "function",
    defaultPermissions:
      typeof defaults === "function" ? "function" : isObject(defaults) ? toPermissions(defaults.permissions) : [],
    tokens,
  };
}

async function describeBasicAuth(value: unknown, key: string, middlewareAllowed: boolean): Promise<BasicAuthFacts> {
  if (value === undefined || value === null || value === false) return { kind: "none" };
  // Since Node-RED 4.0 httpNodeAuth may be middleware; httpStaticAuth is always {user, pass}.
  if (middlewareAllowed && isMiddleware(value)) return { kind: "middleware" };
  if (!isObject(value)) return { kind: "invalid", reason: `${key} is neither {user, pass} nor middleware` };
  if (typeof value.user !== "string" || value.user.length === 0) {
    return { kind: "invalid", reason: `${key}.user is missing` };
  }
  return { kind: "basic", user: value.user, password: await describePassword(value.pass) };
}

export function hostScope(host: string): HostScope {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (h === "" || h === "0.0.0.0" || h === "::" || h === "::0" || h === "*") return "all-interfaces";
  if (h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h)) {
    return "loopback";
  }
  return "specific";
}

function describeListen(settings: Settings, server: ServerFacts | undefined, notes: Text[]): ListenFacts {
  const address = server?.address;
  if (isObject(address) && typeof address.address === "string" && typeof address.port === "number") {
    return { host: address.address, port: address.port, scope: hostScope(address.address), source: "server" };
  }
  if (typeof address === "string") {
    // A unix socket or pipe: only local processes can connect.
    return { host: address, port: 0, scope: "loopback", source: "server" };
  }
  const host = typeof settings.uiHost === "string" ? settings.uiHost : "0.0.0.0";
  let port = DEFAULT_PORT;
  if (typeof settings.uiPort === "number" && Number.isInteger(settings.uiPort)) {
    port = settings.uiPort;
  } else if (typeof settings.uiPort === "string" && /^\d+$/.test(settings.uiPort)) {
    port = Number(settings.uiPort);
  } else if (settings.uiPort !== undefined) {
    notes.push(note("badPort", { value: JSON.stringify(settings.uiPort) }));
  }
  return { host, port, scope: hostScope(host), source: "settings" };
}

function refreshInterval(value: unknown): { refreshIntervalHours?: number } {
  const hours = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : NaN;
  return Number.isFinite(hours) && hours > 0 ? { refreshIntervalHours: hours } : {};
}

function describeCors(value: unknown): { corsOrigin?: string } {
  if (!isObject(value)) return {};
  const origin = value.origin;
  if (origin === "*") return { corsOrigin: "*" };
  if (origin === true) return { corsOrigin: "reflect" };
  if (typeof origin === "string") return { corsOrigin: origin };
  if (Array.isArray(origin)) return { corsOrigin: origin.map(String).join(", ") };
  if (origin instanceof RegExp) return { corsOrigin: String(origin) };
  if (typeof origin === "function") return { corsOrigin: "function" };
  return {};
}

async function describeStatic(settings: Settings): Promise<Facts["httpStatic"]> {
  const raw = settings.httpStatic;
  const root = typeof settings.httpStaticRoot === "string" ? settings.httpStaticRoot : "/";
  const entries: unknown[] = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const paths: string[] = [];
  const guardedPaths: string[] = [];
  for (const entry of entries) {
    let url = root;
    if (isObject(entry)) {
      if (typeof entry.root === "string") url = joinUrl(root, entry.root);
      if (isMiddleware(entry.middleware)) guardedPaths.push(url);
    } else if (typeof entry !== "string") {
      continue;
    }
    paths.push(url);
  }
  return {
    paths,
    guardedPaths,
    auth: await describeBasicAuth(settings.httpStaticAuth, "httpStaticAuth", false),
  };
}

function joinUrl(a: string, b: string): string {
  return `/${[a, b]
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/")}`;
}

function describePalette(settings: Settings): Facts["palette"] {
  const theme = isObject(settings.editorTheme) ? settings.editorTheme : {};
  const themePalette = isObject(theme.palette) ? theme.palette : {};
  const external = isObject(settings.externalModules) ? settings.externalModules : {};
  const palette = isObject(external.palette) ? external.palette : {};
  const installAllowed = themePalette.editable !== false && palette.allowInstall !== false;
  return {
    installAllowed,
    uploadAllowed: installAllowed && palette.allowUpload !== false && themePalette.upload !== false,
  };
}

function describeUserDir(userDir: string | undefined): Facts["userDir"] {
  if (userDir === undefined) return {};
  const writable = canWrite(userDir);
  const sessions = join(userDir, ".sessions.json");
  return {
    path: userDir,
    ...(writable === undefined ? {} : { writable }),
    ...(existsSync(sessions) ? { sessionsFileWritable: canWrite(sessions) ?? false } : {}),
  };
}

function canWrite(path: string): boolean | undefined {
  if (!existsSync(path)) return undefined;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
