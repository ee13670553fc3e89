// Where the package keeps its TLS files, and which user directory a running Node-RED uses.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** `<userDir>/security/tls`: the package's certificate authority, server certificate and status. */
export function tlsDir(userDir: string): string {
  return join(userDir, "security", "tls");
}

export const FILES = {
  /** The authority's private key: mode 0600, never leaves this folder. */
  caKey: "ca-key.pem",
  /** The authority's certificate: what devices install to trust this Node-RED. */
  caCert: "ca.pem",
  serverKey: "server-key.pem",
  serverCert: "server.pem",
  /** What the https function did last: read by the Security tab and the CLI. */
  status: "status.json",
} as const;

export function tlsFile(userDir: string, name: keyof typeof FILES): string {
  return join(tlsDir(userDir), FILES[name]);
}

/** The value of `--userDir DIR`, `--userDir=DIR` or `-u DIR` in a Node-RED command line. */
export function userDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--userDir" || arg === "-u") return argv[i + 1];
    if (arg.startsWith("--userDir=")) return arg.slice("--userDir=".length);
  }
  return undefined;
}

/**
 * The user directory Node-RED (red.js) will use, known before the runtime starts: `--userDir`, else
 * NODE_RED_HOME when it holds a .config.json, else ~/.node-red — red.js's own order.
 */
export function runtimeUserDir(argv: readonly string[] = process.argv, env = process.env): string {
  const fromArg = userDirArgument(argv);
  if (fromArg) return resolve(fromArg);
  const home = env.NODE_RED_HOME;
  if (home && existsSync(join(home, ".config.json"))) return resolve(home);
  return join(env.HOME ?? env.USERPROFILE ?? homedir(), ".node-red");
}
