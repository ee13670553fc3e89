// Gathers, from the running Node-RED, what the TLS, exposure and version rules judge: the certificate the
// server really presents, the machine's network interfaces, how the report's own request arrived, and
// the versions of installed packages. Never throws, never reads a private key.
import { note, type Text } from "../i18n/messages";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { connect, Server as TlsServer, TLSSocket } from "node:tls";
import type { Request } from "express";
import { certificateFromHttpsSetting, type CollectContext, type InstalledPackage, type RequestInput } from "../audit";
import type { BasicLoginFacts } from "../audit/facts";
import { basicUsage } from "../auth/basic-usage";
import { sharedBcryptPool } from "../auth/bcrypt-pool";
import type { RedApi } from "../red-api";
import { DASHBOARD1_PACKAGE, installedPackageJson, selfTarget } from "./doors";

/** The TLS handshake with this server gives up after this long. */
export const CERTIFICATE_TIMEOUT_MS = 2000;

/** Packages the support data has advisories for, looked up where Node-RED loads them from. */
export const CHECKED_PACKAGES: readonly string[] = [DASHBOARD1_PACKAGE];

/**
 * The certificate this server presents, as DER, from a TLS handshake with itself over loopback (or its
 * own address). Bounded by CERTIFICATE_TIMEOUT_MS; undefined on any failure.
 */
export function presentedCertificate(RED: RedApi): Promise<Buffer | undefined> {
  const target = selfTarget(RED);
  if (!target?.tls) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let settled = false;
    let socket: TLSSocket | undefined;
    const finish = (value: Buffer | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), CERTIFICATE_TIMEOUT_MS);
    try {
      const host = target.host;
      socket = connect(
        {
          ...(target.socketPath === undefined ? { host, port: target.port } : { path: target.socketPath }),
          // Only the certificate is wanted: it may well be self-signed or for another name.
          rejectUnauthorized: false,
          ...(host !== undefined && isIP(host) === 0 ? { servername: host } : {}),
        },
        () => {
          try {
            const cert = socket?.getPeerX509Certificate();
            finish(cert ? cert.raw : (socket?.getPeerCertificate().raw ?? undefined));
          } catch {
            finish(undefined);
          }
        },
      );
      socket.on("error", () => finish(undefined));
    } catch {
      finish(undefined);
    }
  });
}

/**
 * The certificate to judge: the one the server presents, else the `cert` of settings.https (its
 * function, if it is one, called once). Undefined when the server does not speak HTTPS.
 */
export async function gatherCertificate(RED: RedApi, notes: Text[]): Promise<CollectContext["certificate"]> {
  if (!(RED.server instanceof TlsServer)) return undefined;
  const presented = await presentedCertificate(RED);
  if (presented) return { raw: presented, source: "server" };
  const fromSettings = await certificateFromHttpsSetting(
    RED.settings.https,
    typeof RED.settings.userDir === "string" ? RED.settings.userDir : undefined,
  );
  if (fromSettings.cert !== undefined) return { raw: fromSettings.cert, source: "settings" };
  notes.push(
    fromSettings.note ? note("httpsCertUnreadableWhy", { reason: fromSettings.note }) : note("httpsCertUnreadable"),
  );
  return undefined;
}

/** This machine's network interfaces, or undefined when they cannot be listed. */
export function interfaces(): unknown {
  try {
    return networkInterfaces();
  } catch {
    return undefined;
  }
}

/** How a request reached the server: its peer, whether it is TLS, and its headers. */
export function requestInput(req: Request): RequestInput {
  return {
    remoteAddress: req.socket.remoteAddress ?? "",
    encrypted: req.socket instanceof TLSSocket,
    headers: req.headers,
  };
}

/** Versions of the packages the support data knows advisories for, where they are installed. */
export function installedVersions(settings: Readonly<Record<string, unknown>>): InstalledPackage[] {
  return CHECKED_PACKAGES.flatMap((name) => {
    const path = installedPackageJson(settings, name);
    if (path === undefined) return [];
    try {
      const pkg = JSON.parse(readFileSync(path, "utf8")) as unknown;
      const version = typeof pkg === "object" && pkg !== null ? (pkg as Record<string, unknown>).version : undefined;
      return typeof version === "string" ? [{ name, version, path }] : [];
    } catch {
      return [];
    }
  });
}

/** Password logins over Basic in the last hour, per users list, and how fast bcrypt runs here. */
export function basicLoginFacts(): BasicLoginFacts {
  const pool = sharedBcryptPool().stats;
  return { lists: basicUsage(), workers: pool.workers, cost12Ms: pool.cost12Ms };
}
