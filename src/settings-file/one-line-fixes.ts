// The settings-only fixes of one line each that the Security tab and the CLI offer beside HTTPS and the
// editor login: credentialSecret, uiHost and the palette's install limits. All go through the settings.js
// editor (backup, child-process check, never over an active key).
import { randomBytes } from "node:crypto";
import {
  addSettings,
  SettingsEditError,
  type SettingsEditOptions,
  type SettingsEditResult,
  type SettingsEntry,
} from "./edit-settings";

/** What a refusal suggests instead of a secret that was never written (it would not be backed up). */
export const SECRET_PLACEHOLDER = "<a long random text of your own, kept with your backups>";

export type OneLineFix = "credential-secret" | "ui-host" | "palette-limits";
export const ONE_LINE_FIXES: readonly OneLineFix[] = ["credential-secret", "ui-host", "palette-limits"];

export interface OneLineFixResult {
  readonly edit: SettingsEditResult;
  /** The credential secret with all but its first four characters hidden; only for credential-secret. */
  readonly maskedSecret?: string;
}

/** Four characters, then dots: enough to recognise the backup, not enough to use. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 4)}${"•".repeat(12)}`;
}

export function entriesFor(fix: OneLineFix, secret?: string): SettingsEntry[] {
  switch (fix) {
    case "credential-secret":
      return [{ key: "credentialSecret", value: JSON.stringify(secret ?? "") }];
    case "ui-host":
      return [{ key: "uiHost", value: '"127.0.0.1"' }];
    case "palette-limits":
      return [{ key: "externalModules", value: "{ palette: { allowInstall: false, allowUpload: false } }" }];
  }
}

export async function applyOneLineFix(
  file: string,
  fix: OneLineFix,
  options: SettingsEditOptions = {},
): Promise<OneLineFixResult> {
  if (fix !== "credential-secret") return { edit: await addSettings(file, entriesFor(fix), options) };
  // 32 characters of base64url: 192 random bits, no quoting problems in settings.js.
  const secret = randomBytes(24).toString("base64url");
  let edit: SettingsEditResult;
  try {
    edit = await addSettings(file, entriesFor(fix, secret), options);
  } catch (err) {
    // A refusal names the line to change: with a placeholder, not a secret nobody has a copy of.
    if (err instanceof SettingsEditError) {
      const hide = (text: string): string => text.split(secret).join(SECRET_PLACEHOLDER);
      throw new SettingsEditError(
        err.code,
        err.reason,
        Object.fromEntries(Object.entries(err.params).map(([name, value]) => [name, hide(value)])),
        err.activeKey ? { ...err.activeKey, wanted: hide(err.activeKey.wanted) } : undefined,
      );
    }
    throw err;
  }
  const maskedSecret = maskSecret(secret);
  // The secret is in settings.js only: the diff shown and logged carries the masked form.
  return { edit: { ...edit, diff: edit.diff.split(secret).join(maskedSecret) }, maskedSecret };
}
