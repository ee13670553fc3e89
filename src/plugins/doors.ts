// Gathers what the audit needs about dashboards and websocket listeners from the running Node-RED:
// which dashboards are installed, the deployed flows, our guards, and a bounded live check of the
// dashboards made by asking this very server, over loopback and without credentials.
import { note, type Text } from "../i18n/messages";
import { existsSync } from "node:fs";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { dirname, join } from "node:path";
import { Server as TlsServer } from "node:tls";
import { dashboardPaths, nodeRoot, type DoorContext, type LiveProbe } from "../audit";
import type { ProbeResult } from "../audit/facts";
import { SELF_CHECK_HEADER, selfCheckToken } from "../gate/self-check";
import { guardedDoors } from "../runtime/registry";
import type { RedApi } from "../red-api";

export const DASHBOARD1_PACKAGE = "node-red-dashboard";
export const DASHBOARD2_PACKAGE = "@flowfuse/node-red-dashboard";

/** Each live request gives up after this long. */
export const PROBE_TIMEOUT_MS = 2000;
/** At most this many live requests per scan (two per dashboard path). */
export const MAX_PROBE_REQUESTS = 8;
/** The most of an answer's body that is read. */
const MAX_BODY_BYTES = 4096;

/** Whether `<dir>/node_modules/<name>` exists in `start` or any folder above it, as Node-RED scans them. */
function foundAbove(start: string, name: string): boolean {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "node_modules", ...name.split("/"), "package.json"))) return true;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/**
 * The dashboards Node-RED can load: from the user directory, from the folders above its core nodes
 * (where a global install keeps its siblings) and from nodesDir. A live check then tells a loaded
 * dashboard from a package that merely sits on disk.
 */
export function installedDashboards(settings: Readonly<Record<string, unknown>>): DoorContext["installed"] {
  const userDir = typeof settings.userDir === "string" ? settings.userDir : undefined;
  const nodesDir = (Array.isArray(settings.nodesDir) ? (settings.nodesDir as unknown[]) : [settings.nodesDir]).filter(
    (d): d is string => typeof d === "string",
  );
  const installed = (name: string): boolean => {
    if (userDir !== undefined && existsSync(join(userDir, "node_modules", ...name.split("/"), "package.json"))) {
      return true;
    }
    if (typeof settings.coreNodesDir === "string" && foundAbove(settings.coreNodesDir, name)) return true;
    return nodesDir.some((d) => existsSync(join(d, "node_modules", ...name.split("/"), "package.json")));
  };
  return { dashboard1: installed(DASHBOARD1_PACKAGE), dashboard2: installed(DASHBOARD2_PACKAGE) };
}

/**
 * The package.json of an installed package, looked for where installedDashboards looks (user directory,
 * the folders above the core nodes, nodesDir); undefined when it is in none of them.
 */
export function installedPackageJson(settings: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const rel = join("node_modules", ...name.split("/"), "package.json");
  const candidates: string[] = [];
  if (typeof settings.userDir === "string") candidates.push(join(settings.userDir, rel));
  if (typeof settings.coreNodesDir === "string") {
    for (let dir = settings.coreNodesDir; ; dir = dirname(dir)) {
      candidates.push(join(dir, rel));
      if (dirname(dir) === dir) break;
    }
  }
  for (const d of Array.isArray(settings.nodesDir) ? (settings.nodesDir as unknown[]) : [settings.nodesDir]) {
    if (typeof d === "string") candidates.push(join(d, rel));
  }
  return candidates.find((file) => existsSync(file));
}

/** The deployed node configurations, or undefined when this Node-RED does not let a plugin see them. */
export function deployedNodes(RED: RedApi): unknown[] | undefined {
  const api = RED.nodes;
  if (typeof api?.eachNode !== "function") return undefined;
  const nodes: unknown[] = [];
  try {
    api.eachNode((node) => {
      nodes.push(node);
    });
  } catch {
    return undefined;
  }
  return nodes;
}

interface Target {
  readonly tls: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly socketPath?: string;
}

/** How to reach this server from itself: loopback when it listens everywhere, else its own address. */
export function selfTarget(RED: RedApi): Target | undefined {
  const server = RED.server;
  if (!server || typeof server.address !== "function") return undefined;
  let address: ReturnType<typeof server.address>;
  try {
    address = server.address();
  } catch {
    return undefined;
  }
  const tls = server instanceof TlsServer;
  if (typeof address === "string") return { tls, socketPath: address };
  if (!address) return undefined;
  const host =
    address.address === "0.0.0.0" || address.address === ""
      ? "127.0.0.1"
      : address.address === "::" || address.address === "::0"
        ? "::1"
        : address.address;
  return { tls, host, port: address.port };
}

interface Answer {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
}

/** One GET without credentials; undefined on any error or after the timeout. Never throws. */
function get(target: Target, path: string, readBody: boolean): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const timer = setTimeout(() => {
      req?.destroy();
      finish(undefined);
    }, PROBE_TIMEOUT_MS);
    function finish(answer: Answer | undefined): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    }
    const options = {
      method: "GET",
      path,
      ...(target.socketPath === undefined
        ? { host: target.host, port: target.port }
        : { socketPath: target.socketPath }),
      headers: {
        Accept: "text/html,application/json;q=0.9,*/*;q=0.8",
        "User-Agent": "node-red-contrib-security",
        [SELF_CHECK_HEADER]: selfCheckToken(),
      },
      agent: false as const,
      // The server is talking to itself: its certificate may well be self-signed or for another name.
      ...(target.tls ? { rejectUnauthorized: false } : {}),
    };
    const onResponse = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === "string" ? res.headers.location : undefined;
      const done = (body: string): void => {
        res.destroy();
        finish({ status, body, ...(location === undefined ? {} : { location }) });
      };
      if (!readBody) {
        done("");
        return;
      }
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
        if (body.length >= MAX_BODY_BYTES) done(body.slice(0, MAX_BODY_BYTES));
      });
      res.on("end", () => done(body));
      res.on("error", () => finish(undefined));
    };
    try {
      req = (target.tls ? httpsRequest : httpRequest)(options, onResponse);
      req.on("error", () => finish(undefined));
      req.end();
    } catch {
      finish(undefined);
    }
  });
}

/** Whether a redirect only adds or drops a trailing slash of the same page (not a login page). */
function sameDoor(location: string, path: string): boolean {
  try {
    const url = new URL(location, "http://self.invalid");
    return url.pathname.replace(/\/+$/, "") === path.replace(/\/+$/, "");
  } catch {
    return false;
  }
}

async function probePage(target: Target, url: string, budget: { left: number }): Promise<ProbeResult | undefined> {
  let path = url;
  for (let hops = 0; hops < 2 && budget.left > 0; hops++) {
    budget.left--;
    const answer = await get(target, path, false);
    if (!answer) return undefined;
    if (answer.status === 200) return "open";
    if (answer.status === 404) return "absent";
    if (answer.status >= 300 && answer.status < 400) {
      if (answer.location !== undefined && sameDoor(answer.location, url)) {
        path = new URL(answer.location, "http://self.invalid").pathname;
        continue;
      }
      // Sent elsewhere, usually to a login page.
      return "closed";
    }
    if (answer.status >= 400 && answer.status < 500) return "closed";
    return undefined;
  }
  return undefined;
}

async function probeSocket(target: Target, url: string, budget: { left: number }): Promise<ProbeResult | undefined> {
  if (budget.left <= 0) return undefined;
  budget.left--;
  // Only the engine.io handshake: no socket.io namespace is joined, so no flow sees a "connect".
  const answer = await get(target, `${url}socket.io/?EIO=4&transport=polling`, true);
  if (!answer) return undefined;
  if (answer.status === 200) return answer.body.includes('"sid"') ? "open" : undefined;
  if (answer.status === 404) return "absent";
  if (answer.status >= 300 && answer.status < 500) return "closed";
  return undefined;
}

/**
 * Asks this server, with no credentials, for each dashboard page and a socket.io handshake. Bounded:
 * at most MAX_PROBE_REQUESTS requests in parallel, PROBE_TIMEOUT_MS each. Anything unclear stays unknown.
 */
export async function probeDashboards(RED: RedApi, paths: readonly string[]): Promise<LiveProbe[]> {
  const root = nodeRoot(RED.settings);
  const target = selfTarget(RED);
  if (root === false || !target || paths.length === 0) return [];
  const budget = { left: MAX_PROBE_REQUESTS };
  // Two requests a path (a page may add one redirect hop): the first four paths.
  const chosen = [...new Set(paths)].slice(0, Math.floor(MAX_PROBE_REQUESTS / 2));
  return Promise.all(
    chosen.map(async (path): Promise<LiveProbe> => {
      const url = `${root}${path === "/" ? "" : path}/`;
      const [page, socket] = await Promise.all([probePage(target, url, budget), probeSocket(target, url, budget)]);
      return { path, ...(page ? { page } : {}), ...(socket ? { socket } : {}) };
    }),
  );
}

/** Everything the audit needs about dashboards and websocket listeners, never throwing. */
export async function gatherDoors(RED: RedApi, notes: Text[]): Promise<DoorContext> {
  const installed = installedDashboards(RED.settings);
  const flows = deployedNodes(RED);
  if (flows === undefined) notes.push(note("deployedFlowsUnreadable"));
  const base: DoorContext = {
    installed,
    ...(flows === undefined ? {} : { flows }),
    guards: guardedDoors(),
  };
  const paths = dashboardPaths(RED.settings, base);
  const all = [...(paths.dashboard1 === undefined ? [] : [paths.dashboard1]), ...paths.dashboard2];
  let live: LiveProbe[] = [];
  try {
    live = await probeDashboards(RED, all);
  } catch {
    // A live check is a bonus: the settings still say enough.
  }
  return { ...base, live };
}
