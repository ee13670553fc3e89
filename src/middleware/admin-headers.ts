// security.adminHeaders(options) for settings.js `httpAdminMiddleware`: the protective headers the
// editor can live with. The editor runs inline scripts and loads node editors as HTML, so there is no
// script policy here, only what stops other sites from framing it and browsers from sniffing types.
import type { RequestHandler } from "express";
import helmet from "helmet";
import { optionsOf } from "./factory-gate";

const ORIGIN = /^https?:\/\/[^\s;,'"/]+$/;

export interface AdminHeadersOptions {
  /**
   * Origins that may show the editor in a frame (e.g. a Home Assistant panel: ["https://ha.local:8123"]).
   * Default: only pages of the editor's own origin.
   */
  readonly frameAncestors?: readonly string[];
  /** Send Strict-Transport-Security (only when every visit is over HTTPS for good). Default false. */
  readonly hsts?: boolean;
}

export function adminHeaders(options: AdminHeadersOptions = {}): RequestHandler {
  const given = optionsOf<AdminHeadersOptions>(options);
  const listed: unknown[] = Array.isArray(given.frameAncestors) ? given.frameAncestors : [];
  const ancestors = listed.filter((a): a is string => typeof a === "string" && ORIGIN.test(a));
  if (
    given.frameAncestors !== undefined &&
    (!Array.isArray(given.frameAncestors) || ancestors.length !== listed.length)
  ) {
    // The stricter choice stands in for what cannot be read: the editor stays unframeable by others.
    console.error(
      '[node-red-contrib-security] adminHeaders(): frameAncestors must be a list of origins like "https://ha.local:8123"; ' +
        "entries that are not were left out.",
    );
  }
  const framing = ancestors.length === 0;
  return helmet({
    // Only the framing directive: a script policy would break the editor and third-party nodes.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
        frameAncestors: ["'self'", ...ancestors],
      },
    },
    // X-Frame-Options cannot list other origins; CSP frame-ancestors says it for browsers that read it.
    xFrameOptions: framing ? { action: "sameorigin" } : false,
    strictTransportSecurity: given.hsts === true ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: "same-origin" },
    // The editor opens the flow library and help in other windows and embeds no cross-origin workers.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: "same-origin" },
    xDownloadOptions: false,
    xXssProtection: false,
  });
}
