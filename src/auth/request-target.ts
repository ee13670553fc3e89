// How each door of Node-RED reads a request target, so that every guard judges the request the
// router behind it will serve. The doors disagree on odd targets:
// - Express 4 (`http in` routes, httpNodeMiddleware, dashboards): the raw path (parseurl), case
//   ignored, "%2F" no separator; a "#" or a target not starting with "/" goes through url.parse.
// - serve-static (httpStatic): decodes, refuses NUL, resolves "." and ".." (and, on Windows, "\").
// - Node-RED's `websocket in` listeners: url.parse(url).pathname, which turns "\" into "/" and drops
//   a scheme and host (absolute-form) and a "#fragment".
// - engine.io / socket.io: a raw prefix compare of req.url.
// A target that two doors could read differently is "ambiguous": inside a protected scope the guards
// refuse it (400) instead of guessing, and it never counts as public. Clean targets — all that
// browsers send — cost one scan of the path.

import { parse as parseUrl } from "node:url";

export type Door = "express" | "static" | "websocket" | "engine.io";

export interface RequestTarget {
  /** Some door could read this target differently from another. */
  readonly ambiguous: boolean;
  /**
   * Every path (lower case, no query) some door could take this target for: for a clean target the
   * path itself (with repeated "/" folded) and, when it holds %-escapes, its decoded form.
   */
  readonly readings: readonly string[];
  /** The path as sent, lower case, up to "?": what Express routes and engine.io compares. */
  readonly raw: string;
}

const SLASH = 0x2f;
const PERCENT = 0x25;
const DOT = 0x2e;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Whether the path (the target up to "?") can only be read one way. One pass, no allocation:
 * starts with "/", no "\", "#", whitespace, control or non-ASCII characters, no "%2F", "%5C", "%2E",
 * escaped control characters or broken escapes, and no segment that is "." or ".." or ends in "."
 * (Windows drops trailing dots from file names).
 */
function cleanPath(path: string): boolean {
  const length = path.length;
  if (length === 0 || path.charCodeAt(0) !== SLASH) return false;
  // Characters since the last "/" and whether all of them were dots; whether the last one was a dot.
  let segmentLength = 0;
  let allDots = true;
  let lastDot = false;
  for (let i = 1; i <= length; i += 1) {
    const code = i < length ? path.charCodeAt(i) : SLASH;
    if (code === SLASH) {
      if (segmentLength > 0 && (allDots || lastDot)) return false;
      segmentLength = 0;
      allDots = true;
      lastDot = false;
      continue;
    }
    if (code <= 0x20 || code >= 0x7f || code === 0x5c || code === 0x23) return false;
    if (code === PERCENT) {
      const high = hexValue(path.charCodeAt(i + 1));
      const low = hexValue(path.charCodeAt(i + 2));
      if (high < 0 || low < 0) return false;
      const byte = high * 16 + low;
      if (byte < 0x20 || byte === 0x7f || byte === SLASH || byte === 0x5c || byte === DOT) return false;
      i += 2;
      segmentLength += 1;
      allDots = false;
      lastDot = false;
      continue;
    }
    segmentLength += 1;
    lastDot = code === DOT;
    if (!lastDot) allDots = false;
  }
  return true;
}

function foldSlashes(path: string): string {
  return path.includes("//") ? path.replace(/\/{2,}/g, "/") : path;
}

/** decodeURIComponent, or undefined for a broken escape (serve-static answers 400 then). */
function decode(path: string): string | undefined {
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Decodes every well-formed escape and keeps broken ones as sent. */
function decodeLoosely(path: string): string {
  return (
    decode(path) ??
    path.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    })
  );
}

/** RFC 3986 remove_dot_segments on a path of "/"-separated segments. */
function resolveDots(path: string): string {
  const out: string[] = [];
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] ?? "";
    const last = i === segments.length - 1;
    if (segment === ".") {
      if (last) out.push("");
    } else if (segment === "..") {
      if (out.length > 1) out.pop();
      if (last) out.push("");
    } else {
      out.push(segment);
    }
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** What url.parse(url).pathname gives: Node-RED's websocket listeners (and Express's fallback) use it. */
function urlParsePathname(url: string): string | undefined {
  try {
    // The legacy parser on purpose: it is the one those routers call. Only odd targets get here.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return parseUrl(url).pathname ?? undefined;
  } catch {
    return undefined;
  }
}

/** A rough url.parse: "\" to "/", "#" and "?" cut, scheme and host dropped (for the widest reading). */
function stripAuthority(url: string): string | undefined {
  // url.parse trims surrounding whitespace and control characters, and turns "\" into "/" before "?" and "#".
  // eslint-disable-next-line no-control-regex
  let rest = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  const end = rest.search(/[?#]/);
  const head = end < 0 ? rest : rest.slice(0, end);
  rest = head.replace(/\\/g, "/");
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    if (rest.startsWith("//")) {
      const slash = rest.indexOf("/", 2);
      return slash < 0 ? "/" : rest.slice(slash);
    }
  }
  return rest.length > 0 ? rest : undefined;
}

/** The path a door's router looks at for this target (case as sent), or undefined when it serves nothing. */
export function doorPath(door: Door, url: string): string | undefined {
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  switch (door) {
    case "engine.io":
      return path;
    case "websocket":
      return urlParsePathname(url);
    case "express":
      // parseurl's fast path: a path starting with "/" without whitespace or "#"; otherwise url.parse.
      return path.startsWith("/") && !/[\t\n\f\r #\u00a0\ufeff]/.test(path) ? path : urlParsePathname(url);
    case "static": {
      const routed = doorPath("express", url);
      const decoded = routed === undefined ? undefined : decode(routed);
      if (decoded === undefined || decoded.includes("\0")) return undefined;
      return resolveDots(decoded);
    }
  }
}

/** The widest reading: every trick undone at once (fragment, scheme and host, escapes, "\", dots, trailing dots). */
function widestReading(url: string): string {
  let path = stripAuthority(url) ?? "/";
  path = decodeLoosely(path)
    .replace(/\\/g, "/")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "");
  path = resolveDots(foldSlashes(path.startsWith("/") ? path : `/${path}`));
  // Windows drops trailing dots and spaces of file names.
  return path
    .split("/")
    .map((s) => (s === "." || s === ".." ? s : s.replace(/[. ]+$/, "")))
    .join("/");
}

/** Reads a request target (`req.url`, or a path below a mount) the way every door could. */
export function readTarget(url: string | undefined): RequestTarget {
  const target = url ?? "/";
  const query = target.indexOf("?");
  const path = query < 0 ? target : target.slice(0, query);
  const raw = path.toLowerCase();
  if (cleanPath(path)) {
    const folded = foldSlashes(raw);
    if (!raw.includes("%")) return { ambiguous: false, readings: [folded], raw };
    const decoded = foldSlashes(decode(path)?.toLowerCase() ?? raw);
    return { ambiguous: false, readings: decoded === folded ? [folded] : [folded, decoded], raw };
  }
  const readings = new Set<string>([raw, foldSlashes(raw)]);
  for (const door of ["express", "static", "websocket"] as const) {
    const read = doorPath(door, target);
    if (read !== undefined) readings.add(foldSlashes(read.toLowerCase()));
  }
  // serve-static on Windows also splits at "\".
  const windows = doorPath("static", target.replace(/\\/g, "/"));
  if (windows !== undefined) readings.add(foldSlashes(windows.toLowerCase()));
  const stripped = stripAuthority(target);
  if (stripped !== undefined) readings.add(foldSlashes(stripped.toLowerCase()));
  readings.add(widestReading(target).toLowerCase());
  return { ambiguous: true, readings: [...readings], raw };
}

/** Whether `path` is `prefix` or below it; both lower case (`prefix` without a trailing "/"). */
export function under(path: string, prefix: string): boolean {
  if (prefix === "/") return true;
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === SLASH);
}

/** Whether some door could read the target as `scope` or a path below it (`scope` lower case). */
export function targetWithin(target: RequestTarget, scope: string): boolean {
  return target.readings.some((r) => under(r, scope));
}

/**
 * Whether every door reads the target as `prefix` or below it: for allow-lists, which must never
 * match across a decoded separator or an odd reading. Ambiguous targets are never inside.
 */
export function targetOnlyWithin(target: RequestTarget, prefix: string): boolean {
  return !target.ambiguous && under(target.raw, prefix) && target.readings.every((r) => under(r, prefix));
}

/**
 * The target as seen below a mount point (httpNodeRoot, lower case without trailing "/", "" for "/"):
 * readings outside the mount are dropped; undefined when no reading is inside it.
 */
export function targetBelow(target: RequestTarget, root: string): RequestTarget | undefined {
  if (root === "") return target;
  const cut = (p: string): string | undefined => (under(p, root) ? p.slice(root.length) || "/" : undefined);
  const readings = target.readings.map(cut).filter((r): r is string => r !== undefined);
  if (readings.length === 0) return undefined;
  return { ambiguous: target.ambiguous, readings, raw: cut(target.raw) ?? target.raw };
}
