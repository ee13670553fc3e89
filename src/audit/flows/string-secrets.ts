// Secrets inside any string or comment: AWS keys, private keys, URLs with passwords, whole Basic or Bearer
// header values, and regexes that match one fixed string.
import { KIND, isPlaceholder } from "./secret-words";

export const AUTH_HEADER = /^(?:Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/i;
const AWS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'`]*:([^\s/@"'`]+)@/i;

/** A regex literal that matches one fixed string (`/^abc$/`): that string; undefined for real patterns. */
export function regexLiteral(source: string): string | undefined {
  const body = source.replace(/^\^/, "").replace(/\$$/, "");
  return /^[^\\()[\]{}*+?.|^$]+$/.test(body) ? body : undefined;
}

/** Whether a string holds a URL with a password in its user info (`http://admin:…@host`), not a placeholder. */
export function hasUrlPassword(value: string): boolean {
  if (!value.includes("://") || !value.includes("@")) return false;
  const url = URL_PASSWORD.exec(value);
  return url !== null && !isPlaceholder(url[1] ?? "");
}

/** The secret kinds found in string contents: AWS keys, private keys, URLs with passwords. */
export function scanStringContent(value: string, kinds: Set<string>): void {
  if (value.length < 8) return;
  if (AWS_KEY.test(value)) kinds.add(KIND.aws);
  if (value.includes("PRIVATE KEY") && PRIVATE_KEY.test(value)) kinds.add(KIND.privateKey);
  if (hasUrlPassword(value)) kinds.add(KIND.urlPassword);
}
