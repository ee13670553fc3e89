// security.https(options) for settings.js: the function form of Node-RED's `https` setting.
// Node-RED (red.js) calls it once at start and, with httpsRefreshInterval, again every so many hours,
// and serves whatever changed without a restart. It never throws: with no usable certificate it returns
// undefined, Node-RED starts over plain HTTP, and one clear line says why.
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { PACKAGE_HTTPS_MARK, isPackageHttps } from "../audit/certificate";
import { ensureLocalCertificate } from "./local-ca";
import { checkCertificatePair, readPair } from "./check-pair";
import { runtimeUserDir, tlsFile } from "./paths";
import { recordStatus, type HttpsStatus } from "./status";

export interface HttpsOptions {
  /** Node-RED's user directory; default: the one red.js uses (--userDir, else ~/.node-red). */
  readonly userDir?: string;
  /** Your own certificate (PEM, with its chain: certbot's fullchain.pem). Needs `key`. */
  readonly cert?: string;
  /** The private key of `cert` (certbot's privkey.pem). */
  readonly key?: string;
  /** Extra DNS names for the package's own certificate (a name your router gives this machine). */
  readonly names?: readonly string[];
}

/** The options Node-RED hands to https.createServer / setSecureContext. */
export interface HttpsServerOptions {
  readonly key: string;
  readonly cert: string;
}

/** Marks the function so the audit knows the package manages HTTPS. */
export const HTTPS_FUNCTION_MARK = PACKAGE_HTTPS_MARK;

export type HttpsFunction = (() => HttpsServerOptions | undefined) & {
  readonly [HTTPS_FUNCTION_MARK]: true;
  readonly currentCertificate: (userDir?: string) => string | undefined;
};

export class HttpsOptionsError extends Error {}

function timestamp(now: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${String(now.getDate())} ${months[now.getMonth()] ?? ""} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** One line in Node-RED's own log format (RED.log does not exist yet when Node-RED calls us at start). */
function log(level: "info" | "warn" | "error", message: string): void {
  const line = `${timestamp(new Date())} - [${level}] [security] ${message}`;
  if (level === "info") console.log(line);
  else console.warn(line);
}

function validate(options: unknown): void {
  if (typeof options !== "object" || options === null)
    throw new HttpsOptionsError("security.https() takes an options object");
  const o = options as HttpsOptions;
  if ((o.cert === undefined) !== (o.key === undefined)) {
    throw new HttpsOptionsError(
      "security.https(): give both cert and key (the certificate file and its private key), or neither",
    );
  }
  for (const k of ["userDir", "cert", "key"] as const) {
    const v = (options as Record<string, unknown>)[k];
    if (v !== undefined && (typeof v !== "string" || v === "")) {
      throw new HttpsOptionsError(`security.https(): ${k} must be a file path`);
    }
  }
}

/** One call of the function: where, when, and how to report. */
interface Call {
  readonly userDir: string;
  readonly now: Date;
  /** Node-RED's start (the first call), not a refresh. */
  readonly startup: boolean;
  readonly logOnce: (level: "info" | "warn" | "error", message: string) => void;
  /** Records and logs that HTTPS is off (at start) or that the refresh failed; returns undefined. */
  readonly fail: (reason: string) => undefined;
}

/** Your own certificate and key files, checked; served even when expired or for another name. */
function serveFiles(options: HttpsOptions, call: Call): HttpsServerOptions | undefined {
  const { userDir, now, startup } = call;
  const certFile = isAbsolute(options.cert ?? "") ? (options.cert ?? "") : resolve(userDir, options.cert ?? "");
  const keyFile = isAbsolute(options.key ?? "") ? (options.key ?? "") : resolve(userDir, options.key ?? "");
  const pair = readPair(certFile, keyFile);
  if (pair.problems.length || pair.certPem === undefined || pair.keyPem === undefined) {
    return call.fail(pair.problems.join(" "));
  }
  // Expired or for another name: served anyway (refusing would only hide it); the tab says so.
  const check = checkCertificatePair(certFile, keyFile, { now, names: options.names ?? [] });
  const warning = check.problems.join(" ");
  recordStatus(userDir, {
    state: "on",
    source: "files",
    at: now.toISOString(),
    certFile,
    keyFile,
    ...(check.validTo ? { validTo: check.validTo } : {}),
    ...(warning ? { reason: warning } : {}),
    startup,
  });
  call.logOnce(
    warning ? "warn" : "info",
    `HTTPS with ${certFile}${check.validTo ? `, valid until ${check.validTo.slice(0, 10)}` : ""}${warning ? `: ${warning}` : ""}`,
  );
  return { key: pair.keyPem, cert: pair.certPem };
}

/** A certificate from the package's own authority, made or renewed when needed. */
function serveLocalCa(options: HttpsOptions, call: Call): HttpsServerOptions {
  const { userDir, now, startup } = call;
  const made = ensureLocalCertificate(userDir, { now, ...(options.names ? { extraNames: options.names } : {}) });
  recordStatus(userDir, {
    state: "on",
    source: "local-ca",
    at: now.toISOString(),
    validTo: made.validTo.toISOString(),
    names: made.names,
    issued: made.issued,
    startup,
  });
  call.logOnce(
    "info",
    `HTTPS with ${made.issued ? "a new" : "the"} certificate of this Node-RED's own authority, valid until ${made.validTo.toISOString().slice(0, 10)}, for ${made.names.join(", ")}`,
  );
  return { key: made.key, cert: made.cert };
}

/** The certificate `options` serve now, read without making or renewing anything (for the audit). */
function currentCertificate(options: HttpsOptions, dir?: string): string | undefined {
  try {
    const userDir = resolve(dir ?? options.userDir ?? runtimeUserDir());
    const file =
      options.cert !== undefined
        ? isAbsolute(options.cert)
          ? options.cert
          : resolve(userDir, options.cert)
        : tlsFile(userDir, "serverCert");
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * `https: require("node-red-contrib-security").https()` serves a certificate from the package's own
 * authority (made on first use, renewed 30 days before its end); `.https({ cert, key })` serves your
 * files. Pair it with `httpsRefreshInterval: 12` so renewals are picked up without a restart.
 */
export function https(options: HttpsOptions = {}): HttpsFunction {
  // Bad options must not stop settings.js from loading (systemd would restart it forever): the
  // function reports them instead, and Node-RED starts over HTTP.
  let invalid: string | undefined;
  try {
    validate(options);
  } catch (err) {
    invalid = err instanceof Error ? err.message : String(err);
    options = {};
  }
  let calls = 0;
  let lastLogged = "";
  const logOnce = (level: "info" | "warn" | "error", message: string): void => {
    if (message === lastLogged) return;
    lastLogged = message;
    log(level, message);
  };
  const fn = (): HttpsServerOptions | undefined => {
    const startup = calls === 0;
    calls++;
    const now = new Date();
    let userDir: string;
    try {
      userDir = resolve(options.userDir ?? runtimeUserDir());
    } catch {
      userDir = process.cwd();
    }
    const own = options.cert !== undefined && options.key !== undefined;
    const source: HttpsStatus["source"] = own ? "files" : "local-ca";
    const fail = (reason: string): undefined => {
      recordStatus(userDir, { state: "off", source, at: now.toISOString(), reason, startup });
      logOnce(
        "error",
        startup
          ? `HTTPS is off: ${reason} Node-RED is served over plain HTTP (ignore "Server now running at https://"); fix this and restart Node-RED.`
          : `The certificate could not be read again: ${reason} The current one stays in use.`,
      );
      return undefined;
    };
    try {
      if (invalid !== undefined) return fail(`${invalid}.`);
      const call: Call = { userDir, now, startup, logOnce, fail };
      return own ? serveFiles(options, call) : serveLocalCa(options, call);
    } catch (err) {
      const message = err instanceof Error ? err.message.split("\n")[0] || err.name : String(err);
      return fail(`the certificate could not be made in ${userDir}/security/tls (${message}).`);
    }
  };
  return Object.assign(fn, {
    [HTTPS_FUNCTION_MARK]: true as const,
    currentCertificate: (dir?: string) => currentCertificate(options, dir),
  });
}

export { isPackageHttps };
