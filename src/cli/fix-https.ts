// `fix https [userDir] [--cert FILE --key FILE] [--name NAME]`: turns HTTPS on from a terminal (over
// SSH): the package's own certificate, or your files checked first; then the settings.js edit.
import { chownSync, existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { languageFromEnvironment } from "../i18n/catalog";
import { SettingsEditError } from "../settings-file/edit-settings";
import { httpsText } from "../tls/check-pair";
import { enableHttps, HttpsSetupError } from "../tls/enable";
import { tlsDir, tlsFile } from "../tls/paths";
import { UsageError, defaultUserDir } from "./load-settings";

export interface FixIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * A `fix` command's expected refusal (one of `expected`, e.g. a settings.js that cannot be edited):
 * says why on stderr, with the install step when settings.js cannot find the package, and gives exit
 * code 2. A settings.js refusal is put into the terminal's language (LC_ALL, LC_MESSAGES, LANG); an
 * HTTPS set-up refusal comes in it already.
 * Anything else is a bug and is thrown on.
 */
export function reportRefusal(
  err: unknown,
  expected: readonly (abstract new (...args: never[]) => Error)[],
  io: FixIo,
  userDir: string,
): number {
  if (!expected.some((type) => err instanceof type)) throw err;
  const message = (err as Error).message;
  const shown = err instanceof SettingsEditError ? httpsText(err.text, languageFromEnvironment()) : message;
  io.stderr.write(`node-red-contrib-security: ${shown}\n`);
  if (message.includes("Cannot find module 'node-red-contrib-security'")) {
    io.stderr.write(
      `Install the package where Node-RED finds it first: cd ${userDir} && npm install node-red-contrib-security\n`,
    );
  }
  return 2;
}

/**
 * Run as root (sudo) for another user's Node-RED: the certificate files become that user's, or
 * Node-RED could not read its own key and would start over plain HTTP.
 */
function giveToOwner(userDir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(userDir);
  if (uid === 0) return;
  const dir = tlsDir(userDir);
  if (!existsSync(dir)) return;
  for (const path of [join(userDir, "security"), dir, ...readdirSync(dir).map((f) => join(dir, f))]) {
    chownSync(path, uid, gid);
  }
}

/**
 * The user directory and settings.js a `fix <command>` works on: the one positional (default: Node-RED's
 * own user directory) and `--settings` (default: settings.js in it); a usage error when either is missing.
 */
export function fixTarget(
  command: string,
  positionals: readonly string[],
  settings: string | undefined,
): { userDir: string; settingsFile: string } {
  if (positionals.length > 1) {
    throw new UsageError(`fix ${command} takes one user directory, got ${String(positionals.length)}`);
  }
  const userDir = resolve(positionals[0] ?? defaultUserDir());
  if (!existsSync(userDir)) throw new UsageError(`The user directory ${userDir} does not exist`);
  const settingsFile = resolve(userDir, settings ?? "settings.js");
  if (!existsSync(settingsFile)) {
    throw new UsageError(
      `${settingsFile} does not exist: start Node-RED once (it makes one), or name it with --settings`,
    );
  }
  return { userDir, settingsFile };
}
/** Exit code 0 when settings.js was changed, 2 when nothing was written (the message says why). */
export async function fixHttps(args: string[], io: FixIo = process): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cert: { type: "string" },
      key: { type: "string" },
      name: { type: "string", multiple: true },
      settings: { type: "string" },
    },
  });
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError("--cert and --key go together: the certificate file and its private key");
  }
  const { userDir, settingsFile } = fixTarget("https", positionals, values.settings);
  const write = (text: string): void => {
    io.stdout.write(text);
  };
  try {
    const result = await enableHttps({
      userDir,
      settingsFile,
      defaultUserDir: defaultUserDir(),
      by: process.env.USER ?? "the command line",
      // Its refusals (a certificate that cannot be used) in the terminal's language, like settings.js's.
      lang: languageFromEnvironment(),
      ...(values.cert !== undefined && values.key !== undefined
        ? { own: { cert: values.cert, key: values.key, names: values.name ?? [] } }
        : {}),
    });
    giveToOwner(userDir);
    if (result.caCert !== undefined) {
      write(
        `Certificate: from this Node-RED's own authority, valid until ${result.validTo.slice(0, 10)}, for\n` +
          `  ${result.names.join(", ")}\n` +
          `Devices trust it once they install the authority's certificate:\n  ${tlsFile(userDir, "caCert")}\n` +
          "  (the Security tab offers it for download, with a short guide for each kind of device)\n\n",
      );
    } else {
      write(
        `Certificate: ${result.check?.subject ?? ""}, issued by ${result.check?.issuer ?? ""}\n` +
          `  valid until ${result.validTo.slice(0, 10)}, names ${result.names.join(", ")}\n` +
          "  Node-RED reads it again every 12 hours: renewals (certbot renew) are served without a restart.\n\n",
      );
    }
    write(`${settingsFile} changed (backup: ${result.edit.backup}):\n\n${result.edit.diff}\n`);
    write(`Restart Node-RED to switch to HTTPS. ${result.edit.restart.text}\n`);
    return 0;
  } catch (err) {
    return reportRefusal(err, [SettingsEditError, HttpsSetupError], io, userDir);
  }
}
