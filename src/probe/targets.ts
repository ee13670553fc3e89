// Which doors the live check knocks on, from the settings and the deployed flows: the admin API, each
// http-in endpoint (GET routes with HEAD; others are never asked), static files, dashboards and
// websocket listeners. Pure: the caller runs them.
import { activeNodes, dashboardPaths, type DoorContext } from "../audit/collect-doors";
import { collectFlowFacts } from "../audit/flows/collect-flow-facts";
import type { FlowNodeRef } from "../audit/types";
import type { Text } from "../i18n/messages";
import { doorMsg, type ProbeTarget } from "./live-probe";

type Settings = Readonly<Record<string, unknown>>;

/** "/a/" + "b" → "/a/b"; roots are kept without a trailing slash ("" for "/"). */
function root(value: unknown, fallback: string): string | false {
  if (value === false) return false;
  const text = typeof value === "string" ? value : fallback;
  const trimmed = `/${text.replace(/^\/+|\/+$/g, "")}`;
  return trimmed === "/" ? "" : trimmed;
}

function join(base: string, path: string): string {
  return `${base}/${path.replace(/^\/+/, "")}`;
}

/** An Express route path made concrete: parameters and wildcards get a harmless value. */
export function concretePath(url: string): string {
  return url
    .replace(/:[A-Za-z0-9_]+(\([^)]*\))?\??/g, "probe")
    .replace(/\*/g, "probe")
    .replace(/\/{2,}/g, "/");
}

function ref(node: Record<string, unknown>): FlowNodeRef {
  return {
    id: String(node.id),
    type: String(node.type),
    ...(typeof node.name === "string" && node.name ? { name: node.name } : {}),
    ...(typeof node.z === "string" ? { z: node.z } : {}),
  };
}

export interface TargetInput {
  readonly settings: Settings;
  /** Deployed node configurations (the flows). */
  readonly flows?: unknown;
  /** Dashboard paths below httpNodeRoot (from the doors facts). */
  readonly dashboards?: readonly { readonly label: string; readonly path: string }[];
  /** http-in node ids whose flows must not be started by a stranger's request, with the reason. */
  readonly dangerous?: ReadonlyMap<string, Text>;
}

export function probeTargets(input: TargetInput): ProbeTarget[] {
  const { settings } = input;
  const targets: ProbeTarget[] = [];
  const httpRoot = settings.httpRoot;
  const adminRoot = httpRoot === false ? false : root(settings.httpAdminRoot ?? httpRoot, "/");
  const nodeRoot = httpRoot === false ? false : root(settings.httpNodeRoot ?? httpRoot, "/");
  if (adminRoot !== false) {
    for (const name of ["flows", "settings"]) {
      const label = doorMsg("adminApi", { method: "GET", path: `/${name}` });
      targets.push({ kind: "admin-api", path: join(adminRoot, name), method: "GET", label });
    }
  }
  const active = activeNodes(input.flows) ?? [];
  if (nodeRoot !== false) {
    for (const node of active.filter((n) => n.type === "http in" && typeof n.url === "string")) {
      const url = node.url as string;
      const method = typeof node.method === "string" ? node.method.toLowerCase() : "get";
      const path = join(nodeRoot, concretePath(url.startsWith("/") ? url : `/${url}`));
      const label = `${method.toUpperCase()} ${url.startsWith("/") ? url : `/${url}`}`;
      const danger = input.dangerous?.get(String(node.id));
      const skip =
        method !== "get" && method !== "all" ? doorMsg("neverSends", { method: method.toUpperCase() }) : danger;
      targets.push({ kind: "http-in", path, method: "HEAD", label, node: ref(node), ...(skip ? { skip } : {}) });
    }
    for (const node of active.filter((n) => n.type === "websocket-listener" && typeof n.path === "string")) {
      const path = join(nodeRoot, node.path as string);
      targets.push({
        kind: "websocket",
        path,
        method: "UPGRADE",
        label: `websocket ${String(node.path)}`,
        node: ref(node),
      });
    }
    for (const dashboard of input.dashboards ?? []) {
      targets.push({
        kind: "dashboard",
        path: `${join(nodeRoot, dashboard.path)}/`,
        method: "GET",
        label: `${dashboard.label} ${dashboard.path}`,
      });
    }
    // Static files share "/" with the editor by default; only a separate static root can be asked apart.
    const staticRoot = root(settings.httpStaticRoot, "/");
    if (settings.httpStatic !== undefined && settings.httpStatic !== false && staticRoot && staticRoot !== adminRoot) {
      const label = doorMsg("staticFiles", { path: `${staticRoot}/` });
      targets.push({ kind: "static", path: `${staticRoot}/`, method: "GET", label });
    }
  }
  return targets;
}

/**
 * http-in endpoints a stranger's request must not start: their flows reach an exec, daemon or
 * file-writing node without passing a login. Keyed by node id, with the reason in plain words.
 */
export function dangerousEndpoints(flows: unknown): Map<string, Text> {
  const dangerous = new Map<string, Text>();
  if (flows === undefined) return dangerous;
  try {
    for (const source of collectFlowFacts({ flows }).sources) {
      const first = source.reaches[0];
      if (source.kind === "http-in" && first) dangerous.set(source.node.id, doorMsg("reaches", { what: first.label }));
    }
  } catch {
    // Unreadable flows: nothing is known to be dangerous, and the flow rules say what is wrong.
  }
  return dangerous;
}

/** Every door of an instance, from its settings and what the doors collection found (flows, dashboards). */
export function instanceTargets(settings: Settings, doors: DoorContext): ProbeTarget[] {
  const paths = dashboardPaths(settings, doors);
  return probeTargets({
    settings,
    ...(doors.flows === undefined ? {} : { flows: doors.flows }),
    dashboards: [
      ...(paths.dashboard1 === undefined ? [] : [{ label: "node-red-dashboard", path: paths.dashboard1 }]),
      ...paths.dashboard2.map((path) => ({ label: "Dashboard 2", path })),
    ],
    dangerous: dangerousEndpoints(doors.flows),
  });
}
