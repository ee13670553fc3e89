// Turning HTTPS on, shared by the Security tab and `fix https`: make (or check) the certificate, then
// add `https: require("node-red-contrib-security").https(...)` and `httpsRefreshInterval: 12` to
// settings.js with the settings.js editor.
import { resolve } from "node:path";
import { addSettings, checkSettingsEdit, type SettingsEditResult } from "../settings-file/edit-settings";
import type { RestartAdvice } from "../settings-file/restart";
import { messages } from "../i18n/messages";
import type { Language } from "../i18n/catalog";
import { checkCertificatePair, httpsText, type PairCheck } from "./check-pair";
import { ensureLocalCertificate } from "./local-ca";
import type { HttpsOptions } from "./https-setting";

export const PACKAGE_NAME = "node-red-contrib-security";
/** Hours between Node-RED's calls of the https function: renewals are served within half a day. */
export const REFRESH_HOURS = 12;

const msg = messages("https.problem");

export class HttpsSetupError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}

export interface EnableHttpsOptions {
  readonly userDir: string;
  readonly settingsFile: string;
  /** The user directory the https function finds by itself; when userDir differs it is written out. */
  readonly defaultUserDir?: string;
  /** Your own certificate and key files instead of the package's authority. */
  readonly own?: { readonly cert: string; readonly key: string; readonly names?: readonly string[] };
  readonly by?: string;
  readonly node?: string;
  readonly restart?: RestartAdvice;
  readonly now?: Date;
  /** The language of the errors (default en-US): the Security tab sends the editor's. */
  readonly lang?: Language;
}

export interface EnableHttpsResult {
  readonly edit: SettingsEditResult;
  readonly line: string;
  /** The local authority's certificate, when the package's own certificate is used. */
  readonly caCert?: string;
  readonly check?: PairCheck;
  readonly validTo: string;
  readonly names: readonly string[];
}

/** The `https:` value written into settings.js. */
export function httpsValue(options: HttpsOptions): string {
  const parts: string[] = [];
  if (options.userDir !== undefined) parts.push(`userDir: ${JSON.stringify(options.userDir)}`);
  if (options.cert !== undefined) parts.push(`cert: ${JSON.stringify(options.cert)}`);
  if (options.key !== undefined) parts.push(`key: ${JSON.stringify(options.key)}`);
  if (options.names?.length) parts.push(`names: ${JSON.stringify(options.names)}`);
  return `require(${JSON.stringify(PACKAGE_NAME)}).https(${parts.length ? `{ ${parts.join(", ")} }` : ""})`;
}

export async function enableHttps(options: EnableHttpsOptions): Promise<EnableHttpsResult> {
  const userDir = resolve(options.userDir);
  const now = options.now ?? new Date();
  const args: HttpsOptions = {
    ...(options.defaultUserDir !== undefined && resolve(options.defaultUserDir) === userDir ? {} : { userDir }),
  };
  const own = options.own
    ? { cert: resolve(options.own.cert), key: resolve(options.own.key), names: options.own.names ?? [] }
    : undefined;
  const value = own
    ? httpsValue({ ...args, cert: own.cert, key: own.key, ...(own.names.length ? { names: own.names } : {}) })
    : httpsValue(args);
  const entries = [
    { key: "https", value },
    { key: "httpsRefreshInterval", value: String(REFRESH_HOURS) },
  ];
  const editOptions = {
    now,
    keepExisting: ["httpsRefreshInterval"],
    ...(options.by === undefined ? {} : { by: options.by }),
    ...(options.node === undefined ? {} : { node: options.node }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
  };
  // settings.js is checked before any certificate is made: a refusal leaves everything as it was.
  await checkSettingsEdit(options.settingsFile, entries, editOptions);
  let result: Omit<EnableHttpsResult, "edit" | "line">;
  if (own) {
    const check = checkCertificatePair(own.cert, own.key, {
      now,
      names: own.names,
      ...(options.lang === undefined ? {} : { lang: options.lang }),
    });
    if (check.problems.length) {
      const text = httpsText(msg("cannotUse", { problems: check.problems.join(" ") }), options.lang);
      throw new HttpsSetupError(text, check.problems);
    }
    result = { check, validTo: check.validTo ?? "", names: check.matchedNames ?? [] };
  } else {
    let made;
    try {
      made = ensureLocalCertificate(userDir, { now });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      throw new HttpsSetupError(httpsText(msg("notMade", { dir: userDir, error }), options.lang));
    }
    result = { caCert: made.caCert, validTo: made.validTo.toISOString(), names: made.names };
  }
  const edit = await addSettings(options.settingsFile, entries, editOptions);
  return { ...result, edit, line: `https: ${value},` };
}
