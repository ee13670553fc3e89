// What the https function of settings.js did last, for the Security tab and the CLI: kept in this
// process and written to <userDir>/security/tls/status.json. Holds no key material.
import { existsSync, readFileSync } from "node:fs";
import { makePrivateDir, writeFileAtomic } from "./files";
import { tlsDir, tlsFile } from "./paths";

export interface HttpsStatus {
  /** "on": a certificate was handed to Node-RED; "off": none could be, Node-RED serves plain HTTP. */
  readonly state: "on" | "off";
  /** "local-ca": the package's own authority; "files": certificate and key files the user named. */
  readonly source: "local-ca" | "files";
  readonly at: string;
  /** Why HTTPS is off, or what is wrong with a certificate that is served anyway. */
  readonly reason?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly validTo?: string;
  readonly names?: readonly string[];
  /** This call made a new server certificate (first use or renewal). */
  readonly issued?: boolean;
  /** The call was Node-RED's start (not a refresh). */
  readonly startup?: boolean;
}

const KEY = Symbol.for("node-red-contrib-security.https-status");
type Holder = { [KEY]?: HttpsStatus & { userDir: string } };

/** Records the status in this process and in the user directory (best effort). */
export function recordStatus(userDir: string, status: HttpsStatus): void {
  (globalThis as Holder)[KEY] = { ...status, userDir };
  try {
    makePrivateDir(tlsDir(userDir));
    writeFileAtomic(tlsFile(userDir, "status"), `${JSON.stringify(status, null, 2)}\n`, 0o644);
  } catch {
    // The status file is a convenience: the in-process status still reaches the tab.
  }
}

/** The status of this process's https function when it ran here, else the last one written in userDir. */
export function readStatus(userDir: string | undefined): HttpsStatus | undefined {
  const own = (globalThis as Holder)[KEY];
  if (own && (userDir === undefined || own.userDir === userDir)) {
    const status: Partial<typeof own> = { ...own };
    delete status.userDir;
    return status as HttpsStatus;
  }
  if (userDir === undefined) return undefined;
  const file = tlsFile(userDir, "status");
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<HttpsStatus> | null;
    return parsed?.state === "on" || parsed?.state === "off" ? (parsed as HttpsStatus) : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets this process's status (tests). */
export function clearStatus(): void {
  (globalThis as Holder)[KEY] = undefined;
}
