// `api-key`: makes an API key for a user of a settings.js users list or users file. The key is printed
// once for the device; the record (only a hash of the key) goes into the users file's "apiKeys".
import { makeApiKey } from "../auth/api-keys";
import { UsageError } from "./load-settings";

export interface ApiKeyArgs {
  readonly username: string | undefined;
  readonly name: string | undefined;
  readonly roles: string | undefined;
  readonly days: string | undefined;
  readonly json: boolean;
}

export function apiKey(args: ApiKeyArgs, now = Date.now()): string {
  const username = args.username?.trim() ?? "";
  if (!username) throw new UsageError("api-key needs the user name the key acts as: api-key anna --name thermostat");
  const name = args.name?.trim().slice(0, 100) ?? "";
  if (!name) throw new UsageError("api-key needs --name, e.g. the device that uses it: --name thermostat");
  const roles = (args.roles ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  let expiresAt: number | undefined;
  if (args.days !== undefined) {
    const days = Number(args.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new UsageError(`--days must be a whole number of days from 1 to 3650 (got "${args.days}")`);
    }
    expiresAt = now + days * 86_400_000;
  }
  const made = makeApiKey(username, name, roles, now, expiresAt);
  if (args.json) return `${JSON.stringify({ key: made.key, record: made.record })}\n`;
  return [
    "API key (shown once: give it to the device, it is not stored anywhere):",
    `  ${made.key}`,
    "",
    'Add this record to "apiKeys" in your users file, or to the apiKeys option of security.users(),',
    "and restart Node-RED (to revoke the key, remove the record and restart):",
    `  ${JSON.stringify(made.record)}`,
    "",
  ].join("\n");
}
