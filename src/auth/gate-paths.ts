// A gate's configuration words that need no HTTP: its login methods, its paths (normalised, joined,
// compared as Express routes compare them), its session cookie's name and its configuration error.
import { createHash } from "node:crypto";
import { isGatePath } from "../shared/validate";
import { WordedError } from "../shared/worded-error";

export const GATE_METHODS = ["basic", "form", "both"] as const;
export type GateMethod = (typeof GATE_METHODS)[number];

/** How long a login lasts at a gate that requires a second factor, unless set otherwise (ASVS 3.3.2, L2). */
export const SECOND_FACTOR_LOGIN_MS = 12 * 3_600_000;

export class GateConfigError extends WordedError {
  readonly code = "ERR_NRS_GATE_CONFIG";
}

/** The paths of a gate's configuration, as its errors name them (auth-gate.problem.what.* in other languages). */
export const PATH_NAMES = {
  scope: "The protected path",
  cookie: "The cookie path",
  login: "The login path",
  logout: "The logout path",
  rule: "A rule's path",
} as const;
export type PathName = keyof typeof PATH_NAMES;

/** "/a/b/" → "/a/b"; "" → "/". Refuses anything that is not a plain absolute path. */
export function normalisePath(path: string, what: PathName): string {
  const trimmed = path.trim();
  if (!isGatePath(trimmed)) {
    throw new GateConfigError(`${PATH_NAMES[what]} must be a path starting with "/" (got "${path}")`, "badPath", {
      what,
      path,
    });
  }
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, "") : "/";
}

export function joinPath(base: string, tail: string): string {
  return base === "/" ? `/${tail}` : `${base}/${tail}`;
}

/** Whether `path` is `prefix` or below it, ignoring case as Express routing does. */
export function isUnder(path: string, prefix: string): boolean {
  if (prefix === "/") return true;
  const p = path.toLowerCase();
  const q = prefix.toLowerCase();
  return p === q || p.startsWith(`${q}/`);
}

const cookieNames = new Map<string, string>();

/** The session cookie's name for a users configuration (computed once per id). */
export function sessionCookieName(usersId: string): string {
  let name = cookieNames.get(usersId);
  if (name === undefined) {
    name = `nrs_session_${createHash("sha256").update(usersId).digest("hex").slice(0, 10)}`;
    cookieNames.set(usersId, name);
  }
  return name;
}
