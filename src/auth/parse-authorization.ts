// Strict parsing of the Authorization header: any input gives a value, never an exception.

export type Authorization =
  | { readonly kind: "none" }
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | { readonly kind: "bearer"; readonly token: string }
  | { readonly kind: "invalid"; readonly reason: string };

/** Longer headers are refused before any decoding. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const BASIC_RE = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;
const BEARER_RE = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

const utf8 = new TextDecoder("utf-8", { fatal: true });

const NONE: Authorization = { kind: "none" };

function invalid(reason: string): Authorization {
  return { kind: "invalid", reason };
}

export function parseAuthorization(value: unknown): Authorization {
  if (value === undefined || value === null || value === "") return NONE;
  if (typeof value !== "string") return invalid("the Authorization header is not text");
  if (value.length > MAX_AUTHORIZATION_LENGTH) return invalid("the Authorization header is too long");
  const basic = BASIC_RE.exec(value);
  if (basic?.[1] !== undefined) return parseBasic(basic[1]);
  const bearer = BEARER_RE.exec(value);
  if (bearer?.[1] !== undefined) return { kind: "bearer", token: bearer[1] };
  if (/^(basic|bearer)(\s|$)/i.test(value)) return invalid("the Authorization header is malformed");
  return invalid("the Authorization scheme is not supported");
}

function parseBasic(encoded: string): Authorization {
  if (encoded.length % 4 !== 0) return invalid("the Basic credentials are not valid base64");
  const bytes = Buffer.from(encoded, "base64");
  // Node's decoder skips junk silently; a round trip proves the input was canonical base64.
  if (bytes.toString("base64") !== encoded) return invalid("the Basic credentials are not valid base64");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return invalid("the Basic credentials are not UTF-8");
  }
  const colon = text.indexOf(":");
  if (colon < 0) return invalid("the Basic credentials have no ':' between user name and password");
  const username = text.slice(0, colon);
  const password = text.slice(colon + 1);
  if (username.length === 0) return invalid("the Basic credentials have no user name");
  if (CONTROL_RE.test(username) || CONTROL_RE.test(password)) {
    return invalid("the Basic credentials contain control characters");
  }
  return { kind: "basic", username, password };
}
