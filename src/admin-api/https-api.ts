// Admin endpoints of the Security tab's HTTPS panel: what the https setting did, the local authority's
// certificate for devices to install, turning HTTPS on (certificate + settings.js edit), checking
// your own certificate, and requireHttps once the tab itself is reached over HTTPS. All need the
// plugin's full permission; every settings.js edit is logged with the user's name.
import type { Request, RequestHandler, Response } from "express";
import { X509Certificate } from "node:crypto";
import { Server as TlsServer, TLSSocket } from "node:tls";
import { jsonBody, sendError, sendNoStoreJson, who } from "./routes";
import { messages } from "../i18n/messages";
import { DEFAULT_LANGUAGE, matchLanguage, type Language } from "../i18n/catalog";
import { addSettings, SettingsEditError } from "../settings-file/edit-settings";
import { restartAdvice } from "../settings-file/restart";
import { checkCertificatePair, httpsText } from "../tls/check-pair";
import { enableHttps, HttpsSetupError } from "../tls/enable";
import { isPackageHttps } from "../tls/https-setting";
import { readCaCertificate } from "../tls/local-ca";
import { runtimeUserDir } from "../tls/paths";
import { readStatus } from "../tls/status";
import type { RedApi } from "../red-api";

export const HTTPS_PATH = "/security/https";

/** The answers' words, "https.error.*" in the sidebar's catalogue. */
const msg = messages("https.error");

/** The editor's language, which the HTTPS panel sends as ?lang= (en-US otherwise). */
function langOf(req: Request): Language {
  return matchLanguage(req.query.lang) ?? DEFAULT_LANGUAGE;
}

/** An error answer in the language of the request. */
function refuse(req: Request, res: Response, status: number, code: string, key: string): void {
  sendError(res, status, code, httpsText(msg(key), langOf(req)));
}

function userDirOf(RED: RedApi): string | undefined {
  return typeof RED.settings.userDir === "string" ? RED.settings.userDir : undefined;
}

function settingsFileOf(RED: RedApi): string | undefined {
  return typeof RED.settings.settingsFile === "string" ? RED.settings.settingsFile : undefined;
}

function names(value: unknown): string[] {
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}

function caFacts(pem: string | undefined): Record<string, unknown> | undefined {
  if (pem === undefined) return undefined;
  try {
    const cert = new X509Certificate(pem);
    return {
      subject: cert.subject.replace(/\n/g, ", "),
      validTo: new Date(cert.validTo).toISOString(),
      fingerprint256: cert.fingerprint256,
    };
  } catch {
    return undefined;
  }
}

/** A failed settings.js edit: the edit's own error code, a bad certificate, or a failure for the log. */
function editFailed(RED: RedApi, req: Request, res: Response, err: unknown, what: string, key: string): void {
  if (err instanceof SettingsEditError) {
    sendError(
      res,
      err.code === "active-key" ? 409 : 400,
      `ERR_NRS_SETTINGS_${err.code.toUpperCase().replace(/-/g, "_")}`,
      httpsText(err.text, langOf(req)),
    );
    return;
  }
  if (err instanceof HttpsSetupError) {
    sendError(res, 400, "ERR_NRS_CERTIFICATE", err.message);
    return;
  }
  RED.log.error(`[security] ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  refuse(req, res, 500, "ERR_NRS_HTTPS", key);
}

/** What the https setting did, and the local authority's certificate for devices to install. */
function registerHttpsStatus(RED: RedApi, guard: RequestHandler): void {
  RED.httpAdmin.get(HTTPS_PATH, guard, (req: Request, res: Response) => {
    const userDir = userDirOf(RED);
    const setting = RED.settings.https;
    sendNoStoreJson(res, {
      setting: isPackageHttps(setting) ? "package" : setting ? "other" : "none",
      refreshInterval: RED.settings.httpsRefreshInterval ?? null,
      serverTls: RED.server instanceof TlsServer,
      requestSecure: req.socket instanceof TLSSocket,
      requireHttps: RED.settings.requireHttps === true,
      status: readStatus(userDir) ?? null,
      ca: caFacts(userDir === undefined ? undefined : readCaCertificate(userDir)) ?? null,
      settingsFile: settingsFileOf(RED) ?? null,
      restart: restartAdvice(),
    });
  });

  RED.httpAdmin.get(`${HTTPS_PATH}/ca.crt`, guard, (req: Request, res: Response) => {
    const userDir = userDirOf(RED);
    const pem = userDir === undefined ? undefined : readCaCertificate(userDir);
    if (pem === undefined) {
      refuse(req, res, 404, "ERR_NRS_NO_CA", "noCa");
      return;
    }
    // iOS offers a profile for this type; Windows and Android open .crt files as certificates.
    res.set({
      "Content-Type": "application/x-x509-ca-cert",
      "Content-Disposition": 'attachment; filename="node-red-ca.crt"',
      "Cache-Control": "no-store",
    });
    res.send(Buffer.from(pem, "utf8"));
  });

  RED.httpAdmin.post(`${HTTPS_PATH}/check`, guard, (req: Request, res: Response) => {
    const { cert, key, names: n } = jsonBody(req);
    if (typeof cert !== "string" || typeof key !== "string" || !cert || !key) {
      refuse(req, res, 400, "ERR_NRS_INPUT", "inputPaths");
      return;
    }
    sendNoStoreJson(res, checkCertificatePair(cert, key, { names: names(n), lang: langOf(req) }));
  });
}

/** Turns HTTPS on: a certificate (the local authority's, or the user's own) and the settings.js edit. */
function registerHttpsEnable(RED: RedApi, guard: RequestHandler): void {
  RED.httpAdmin.post(`${HTTPS_PATH}/enable`, guard, (req: Request, res: Response) => {
    const userDir = userDirOf(RED);
    const settingsFile = settingsFileOf(RED);
    if (userDir === undefined || settingsFile === undefined) {
      refuse(req, res, 400, "ERR_NRS_NO_SETTINGS_FILE", "noSettingsFile");
      return;
    }
    const { cert, key, names: n } = jsonBody(req);
    if ((typeof cert === "string" && cert !== "") !== (typeof key === "string" && key !== "")) {
      refuse(req, res, 400, "ERR_NRS_INPUT", "inputBoth");
      return;
    }
    const user = who(req);
    enableHttps({
      userDir,
      settingsFile,
      defaultUserDir: runtimeUserDir(),
      by: user,
      lang: langOf(req),
      ...(typeof cert === "string" && typeof key === "string" && cert !== ""
        ? { own: { cert, key, names: names(n) } }
        : {}),
    })
      .then((result) => {
        RED.log.info(
          `[security] ${user} turned on HTTPS in ${settingsFile} (backup: ${result.edit.backup}); restart Node-RED to use it`,
        );
        sendNoStoreJson(res, {
          diff: result.edit.diff,
          backup: result.edit.backup,
          restart: result.edit.restart,
          line: result.line,
          validTo: result.validTo,
          names: result.names,
          ca: result.caCert !== undefined,
        });
      })
      .catch((err: unknown) => {
        if (err instanceof SettingsEditError || err instanceof HttpsSetupError) {
          RED.log.warn(`[security] ${user} tried to turn on HTTPS; nothing was changed: ${err.message}`);
        }
        editFailed(RED, req, res, err, "Turning on HTTPS", "enableFailed");
      });
  });
}

/** requireHttps, once the tab itself is reached over HTTPS. */
function registerRequireHttps(RED: RedApi, guard: RequestHandler): void {
  RED.httpAdmin.post(`${HTTPS_PATH}/require`, guard, (req: Request, res: Response) => {
    const settingsFile = settingsFileOf(RED);
    if (!(req.socket instanceof TLSSocket)) {
      refuse(req, res, 409, "ERR_NRS_NOT_HTTPS", "notHttps");
      return;
    }
    if (settingsFile === undefined) {
      refuse(req, res, 400, "ERR_NRS_NO_SETTINGS_FILE", "noSettingsFileRequire");
      return;
    }
    const user = who(req);
    addSettings(settingsFile, [{ key: "requireHttps", value: "true" }], { by: user })
      .then((result) => {
        RED.log.info(`[security] ${user} set requireHttps in ${settingsFile} (backup: ${result.backup})`);
        sendNoStoreJson(res, { diff: result.diff, backup: result.backup, restart: result.restart });
      })
      .catch((err: unknown) => {
        editFailed(RED, req, res, err, "Setting requireHttps", "requireFailed");
      });
  });
}

export function registerHttpsApi(RED: RedApi, guard: RequestHandler): void {
  registerHttpsStatus(RED, guard);
  registerHttpsEnable(RED, guard);
  registerRequireHttps(RED, guard);
}
