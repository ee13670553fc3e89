// Describes the doors besides http-in routes — dashboards and websocket listeners — from the settings,
// the flow configuration and the guards in place. Pure: the caller gathers the inputs. Never throws.
import { note, type Text } from "../i18n/messages";
import type { DashboardDoor, DashboardFacts, DoorFacts, DoorKind, GuardedDoor, ProbeResult } from "./facts";

/** What a request without credentials got at one dashboard path (see src/plugins/doors.ts). */
export interface LiveProbe {
  /** Path below httpNodeRoot, as `dashboardPaths` gave it. */
  readonly path: string;
  readonly page?: ProbeResult;
  readonly socket?: ProbeResult;
}

export interface DoorContext {
  /** Which dashboard packages are installed. */
  readonly installed: { readonly dashboard1: boolean; readonly dashboard2: boolean };
  /** The flow configuration (an array of node configs); undefined when it could not be read. */
  readonly flows?: unknown;
  /** Guards node-red-contrib-security put in place (shaped like `guardedDoors()`). */
  readonly guards?: unknown;
  /** Live checks, by path. */
  readonly live?: readonly LiveProbe[];
}

type Settings = Readonly<Record<string, unknown>>;

const DASHBOARD1_DEFAULT_PATH = "ui";
const DASHBOARD2_DEFAULT_PATH = "/dashboard";
const DOOR_KINDS: readonly DoorKind[] = ["http", "http-in", "socket.io", "websocket"];
const PROBE_RESULTS: readonly ProbeResult[] = ["open", "closed", "absent"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMiddleware(value: unknown): boolean {
  return typeof value === "function" || (Array.isArray(value) && value.some((m) => typeof m === "function"));
}

/** "/a/b" for "a/b/", "/a//b" or "/a/b"; "/" for "" or "/". */
export function normalizePath(path: string): string {
  return `/${path.split("/").filter(Boolean).join("/")}`;
}

/** httpNodeRoot as Node-RED's red.js works it out, without the trailing slash ("" for "/"); false when off. */
export function nodeRoot(settings: Settings): string | false {
  if (settings.httpRoot === false || settings.httpNodeRoot === false) return false;
  const raw =
    typeof settings.httpNodeRoot === "string" && settings.httpNodeRoot !== ""
      ? settings.httpNodeRoot
      : typeof settings.httpRoot === "string" && settings.httpRoot !== ""
        ? settings.httpRoot
        : "/";
  const root = normalizePath(raw);
  return root === "/" ? "" : root;
}

/** The settings object Dashboard 2 reads: `dashboard` when set, else node-red-dashboard's `ui`. */
function dashboard2Settings(settings: Settings): { key: "ui" | "dashboard"; value: unknown } {
  return settings.dashboard ? { key: "dashboard", value: settings.dashboard } : { key: "ui", value: settings.ui };
}

/** The node configs of the flows that Node-RED starts: disabled nodes and nodes of disabled tabs are left out. */
export function activeNodes(flows: unknown): Record<string, unknown>[] | undefined {
  // The flows file is an array; the admin API's v2 format wraps it as { flows: [...], rev }.
  const list: unknown = isObject(flows) && Array.isArray(flows.flows) ? flows.flows : flows;
  if (!Array.isArray(list)) return undefined;
  const nodes = list.filter(isObject);
  const disabledTabs = new Set(
    nodes.filter((n) => n.type === "tab" && n.disabled === true && typeof n.id === "string").map((n) => n.id),
  );
  return nodes.filter((n) => n.d !== true && !(typeof n.z === "string" && disabledTabs.has(n.z)));
}

function isInstalled(context: DoorContext, name: "dashboard1" | "dashboard2"): boolean {
  // Typed callers always say; a careless one (or plain JavaScript) may not.
  const installed: unknown = context.installed;
  return isObject(installed) && installed[name] === true;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function dashboard1Path(settings: Settings): string {
  const ui = settings.ui;
  return normalizePath(isObject(ui) && typeof ui.path === "string" ? ui.path : DASHBOARD1_DEFAULT_PATH);
}

function dashboard2Paths(nodes: readonly Record<string, unknown>[]): string[] {
  return unique(
    nodes
      .filter((n) => n.type === "ui-base")
      .map((n) => normalizePath(typeof n.path === "string" && n.path.trim() !== "" ? n.path : DASHBOARD2_DEFAULT_PATH)),
  );
}

/**
 * Where the installed dashboards serve pages, below httpNodeRoot: what a live check should visit.
 * Dashboard 2 serves at the `path` of its ui-base nodes, so it serves nothing without one.
 */
export function dashboardPaths(
  settings: Settings,
  context: DoorContext,
): { readonly dashboard1?: string; readonly dashboard2: readonly string[] } {
  const nodes = activeNodes(context.flows) ?? [];
  return {
    ...(isInstalled(context, "dashboard1") ? { dashboard1: dashboard1Path(settings) } : {}),
    dashboard2: isInstalled(context, "dashboard2") ? dashboard2Paths(nodes) : [],
  };
}

/**
 * The guards that auth gate nodes in these flows put in place when they run: a gate that protects
 * everything under its path guards pages, socket.io and websocket handshakes there. For the CLI,
 * which has no running Node-RED to ask.
 */
export function gatesInFlows(flows: unknown): GuardedDoor[] {
  return (activeNodes(flows) ?? [])
    .filter((n) => n.type === "auth-gate" && n.protectScope === true && typeof n.id === "string")
    .map((n) => ({
      id: String(n.id),
      scope: normalizePath(typeof n.scope === "string" ? n.scope : "/"),
      source: "auth-gate" as const,
      covers: ["http", "socket.io", "websocket"] as const,
    }));
}

function describeGuards(value: unknown): GuardedDoor[] {
  if (!Array.isArray(value)) return [];
  const guards: GuardedDoor[] = [];
  for (const entry of value as unknown[]) {
    if (!isObject(entry) || typeof entry.id !== "string" || typeof entry.scope !== "string") continue;
    if (entry.source !== "auth-gate" && entry.source !== "settings") continue;
    const covers = Array.isArray(entry.covers) ? DOOR_KINDS.filter((k) => (entry.covers as unknown[]).includes(k)) : [];
    guards.push({ id: entry.id, scope: normalizePath(entry.scope), source: entry.source, covers });
  }
  return guards;
}

function probeResult(value: unknown): ProbeResult | undefined {
  return PROBE_RESULTS.find((r) => r === value);
}

function door(path: string, live: readonly LiveProbe[]): DashboardDoor {
  const probe = live.find((p) => isObject(p) && typeof p.path === "string" && normalizePath(p.path) === path);
  const page = probeResult(probe?.page);
  const socket = probeResult(probe?.socket);
  return { path, ...(page ? { page } : {}), ...(socket ? { socket } : {}) };
}

function dashboard(
  key: "ui" | "dashboard",
  value: unknown,
  paths: readonly string[],
  live: readonly LiveProbe[],
): DashboardFacts {
  const object = isObject(value) ? value : {};
  return {
    settingsKey: key,
    doors: paths.map((p) => door(p, live)),
    middleware: isMiddleware(object.middleware),
    ioMiddleware: isMiddleware(object.ioMiddleware),
  };
}

function websocketPaths(nodes: readonly Record<string, unknown>[], notes: Text[]): string[] {
  const paths: string[] = [];
  let missing = 0;
  for (const node of nodes) {
    if (node.type !== "websocket-listener") continue;
    if (typeof node.path !== "string" || node.path.trim() === "") {
      missing++;
      continue;
    }
    // A "listener" whose path is a ws:// URL connects out as a client: no door here.
    if (/^wss?:\/\//i.test(node.path)) continue;
    paths.push(normalizePath(node.path));
  }
  if (missing > 0) notes.push(note("websocketNoPath", { count: missing }));
  return unique(paths);
}

export function describeDoors(settings: Settings, context: DoorContext, notes: Text[]): DoorFacts {
  const root = nodeRoot(settings);
  const nodes = activeNodes(context.flows);
  if (context.flows !== undefined && nodes === undefined) {
    notes.push(note("flowsNotList"));
  }
  const live = Array.isArray(context.live) ? context.live : [];
  const paths = dashboardPaths(settings, context);
  const d2 = dashboard2Settings(settings);
  return {
    httpNodeRoot: root === false ? "" : root,
    ...(paths.dashboard1 === undefined ? {} : { dashboard1: dashboard("ui", settings.ui, [paths.dashboard1], live) }),
    ...(isInstalled(context, "dashboard2") ? { dashboard2: dashboard(d2.key, d2.value, paths.dashboard2, live) } : {}),
    websockets: {
      paths: websocketPaths(nodes ?? [], notes),
      verifier: typeof settings.webSocketNodeVerifyClient === "function",
    },
    guards: describeGuards(context.guards),
    flowsRead: nodes !== undefined,
  };
}
