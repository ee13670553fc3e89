// Starts a real Node-RED (4.1 on this Node.js, 5.x on Node.js 22, or 3.1 on Node.js 20.19.0) as a child process on 127.0.0.1,
// with its own user directory, and stops it again. Nothing listens beyond loopback.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { DEFAULT_SETTINGS, ROOT } from "./cli";

export type RuntimeName = "3" | "4" | "5";

export interface Runtime {
  readonly name: RuntimeName;
  readonly node: string;
  readonly redJs: string;
  readonly label: string;
}

export const RUNTIMES: Record<RuntimeName, Runtime> = {
  // The oldest Node-RED and the oldest Node.js the package claims (package.json "node-red" and "engines").
  "3": {
    name: "3",
    node: join(ROOT, "test", "runtimes", "node-red-3", "node_modules", "node", "bin", "node"),
    redJs: join(ROOT, "test", "runtimes", "node-red-3", "node_modules", "node-red", "red.js"),
    label: "Node-RED 3.1 on Node.js 20.19.0",
  },
  "4": {
    name: "4",
    node: process.execPath,
    redJs: join(ROOT, "node_modules", "node-red", "red.js"),
    label: `Node-RED 4.1 on Node.js ${process.versions.node}`,
  },
  "5": {
    name: "5",
    node: join(ROOT, "test", "runtimes", "node-red-5", "node_modules", "node", "bin", "node"),
    redJs: join(ROOT, "test", "runtimes", "node-red-5", "node_modules", "node-red", "red.js"),
    label: "Node-RED 5 on Node.js 22",
  },
};

export function requireRuntime(name: RuntimeName): Runtime {
  const runtime = RUNTIMES[name];
  if (!existsSync(runtime.node) || !existsSync(runtime.redJs)) {
    throw new Error(`${runtime.label} is not installed: run "node scripts/setup-test-runtimes.mjs" (npm test does)`);
  }
  return runtime;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

export function makeUserDir(prefix = "nrs-userdir-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Makes this checkout an installed module of the user directory, as `npm install <path>` would. */
export function linkPackage(userDir: string): void {
  mkdirSync(join(userDir, "node_modules"), { recursive: true });
  const link = join(userDir, "node_modules", "node-red-contrib-security");
  if (!existsSync(link)) symlinkSync(ROOT, link, "dir");
}

/**
 * A new user directory holding Node-RED's own default settings.js and this package (linked), as after
 * `npm install node-red-contrib-security` in a fresh Node-RED's user directory. Returns its path.
 */
export function userDirWithPackage(prefix: string): string {
  const userDir = makeUserDir(prefix);
  copyFileSync(DEFAULT_SETTINGS, join(userDir, "settings.js"));
  linkPackage(userDir);
  return userDir;
}

/** Installs a package of this checkout's node_modules into the user directory (as a link). */
export function linkModule(userDir: string, name: string): void {
  const link = join(userDir, "node_modules", ...name.split("/"));
  mkdirSync(join(link, ".."), { recursive: true });
  if (!existsSync(link)) symlinkSync(join(ROOT, "node_modules", ...name.split("/")), link, "dir");
}

export interface StartOptions {
  readonly runtime?: RuntimeName;
  readonly userDir?: string;
  /** The body of settings.js' exported object, as JavaScript source. uiHost/uiPort are added. */
  readonly settings?: string;
  /** Link this checkout into the user directory (default true). */
  readonly link?: boolean;
  readonly flows?: unknown[];
  readonly timeoutMs?: number;
  /** Other packages of this checkout's node_modules to install into the user directory, e.g. dashboards. */
  readonly modules?: readonly string[];
  /** The settings make Node-RED speak HTTPS (an `https` key): the url then starts with https://. */
  readonly https?: boolean;
}

export interface RunningNodeRed {
  readonly url: string;
  readonly port: number;
  readonly userDir: string;
  readonly runtime: Runtime;
  log(): string;
  stop(): Promise<void>;
}

export async function startNodeRed(options: StartOptions = {}): Promise<RunningNodeRed> {
  const runtime = requireRuntime(options.runtime ?? "4");
  const userDir = options.userDir ?? makeUserDir();
  const port = await freePort();
  if (options.link ?? true) linkPackage(userDir);
  for (const name of options.modules ?? []) linkModule(userDir, name);
  // An existing user directory keeps its flows (a restart); a new one starts with the given flows.
  if (options.flows || !existsSync(join(userDir, "flows.json"))) {
    writeFileSync(join(userDir, "flows.json"), JSON.stringify(options.flows ?? []));
  }
  // Node-RED also loads packages found beside its own install, and this checkout has both dashboards
  // there: only instances that ask for them get them (both packages' folders are "node-red-dashboard").
  const wantsDashboards = (options.modules ?? []).some((m) => m.endsWith("node-red-dashboard"));
  const excludeDashboards = wantsDashboards ? "" : 'nodesExcludes: ["node-red-dashboard"],';
  writeFileSync(
    join(userDir, "settings.js"),
    `module.exports = {
  uiHost: "127.0.0.1",
  uiPort: ${String(port)},
  flowFile: "flows.json",
  credentialSecret: "test-credential-secret",
  telemetry: { enabled: false },
  diagnostics: { enabled: false },
  editorTheme: { tours: false, projects: { enabled: false }, palette: {}, multiplayer: { enabled: false } },
  logging: { console: { level: "info", metrics: false, audit: false } },
  ${excludeDashboards}
  ${options.settings ?? ""}
};
`,
  );
  const child: ChildProcess = spawn(
    runtime.node,
    [runtime.redJs, "--userDir", userDir, "--settings", join(userDir, "settings.js")],
    {
      cwd: userDir,
      env: {
        ...process.env,
        NODE_RED_ENABLE_TOURS: "false",
        NODE_OPTIONS: "",
        // Node-RED 3.1's palette manager runs the `npm` on the PATH, whose `node` must be the runtime's.
        PATH:
          runtime.node === process.execPath
            ? process.env.PATH
            : `${dirname(runtime.node)}${delimiter}${process.env.PATH ?? ""}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = `${options.https ? "https" : "http"}://127.0.0.1:${String(port)}`;
  const { log, stop } = await awaitStart(child, runtime.label, options.timeoutMs ?? 60_000, () => {
    if (!options.userDir) rmSync(userDir, { recursive: true, force: true });
  });
  return { url, port, userDir, runtime, log, stop };
}

/**
 * Watches a Node-RED child process start: collects its output, gives a stop that waits for it to exit
 * (SIGINT, then SIGKILL after 5 s) and runs `cleanUp`, and returns once it listens and its flows have
 * started — requests to http-in routes must wait for both. (A Node-RED started with `lang: "de"` logs
 * these lines in German.)
 */
export async function awaitStart(
  child: ChildProcess,
  label: string,
  timeoutMs: number,
  cleanUp?: () => void,
): Promise<{ log: () => string; stop: () => Promise<void> }> {
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    cleanUp?.();
  };
  const deadline = Date.now() + timeoutMs;
  while (
    !/Server now running at|Server wird jetzt auf/.test(output) ||
    !/Started flows|Flows sind gestartet/.test(output)
  ) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${label} exited during start:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${label} did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { log: () => output, stop };
}

/** Logs in to the admin API with a user name and password and returns a bearer token. */
export async function adminToken(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    // An empty scope asks for exactly the permissions the user has.
    body: JSON.stringify({ client_id: "node-red-admin", grant_type: "password", scope: "", username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: HTTP ${String(res.status)}`);
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error("no access_token in login answer");
  return body.access_token;
}
