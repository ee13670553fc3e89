// When the editor login refuses everyone (unusable options or users): one line in the log per new
// reason, and a login page that says why, in the visitor's language.
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import type { Request, Response } from "express";
import { renderLoginPage } from "../gate/login-page";
import { loginTextFor } from "../gate/login-catalogue";
import { translator } from "../i18n/catalog";
import { PREFIX } from "./editor-users";

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A reason fit for strangers' eyes: file names without the directories they live in. */
function publicReason(reason: string): string {
  return reason.replace(/(?:[A-Za-z]:)?[\\/][^\s:"']+/g, (path) => basename(path));
}

/** `problem()` with a log line each time its answer changes to a new reason; returns the reason. */
export function problemReporter(problem: () => string | undefined): () => string | undefined {
  let logged = "";
  return () => {
    const why = problem();
    if (why && why !== logged) {
      logged = why;
      console.error(
        `${PREFIX} adminAuth(): ${why}. The editor login refuses everyone until this is fixed; on this machine, ` +
          '"npx node-red-contrib-security reset-editor-login" makes a recovery login.',
      );
    }
    return why;
  };
}

/** The login page with the reason instead of a form that could work (503). */
export function problemPage(req: Request, res: Response, why: string, title: string, action: string): void {
  const nonce = randomBytes(16).toString("base64");
  // In the visitor's language, as the login page itself; the reason names settings and files, in English.
  const { lang, text: words } = loginTextFor(req.headers["accept-language"]);
  const broken = translator(
    "auth-gate.json",
    lang,
    "nodes/locales",
  )({
    key: "login.editorBroken",
    params: { reason: publicReason(why) },
  });
  const text = { ...words, formError: broken };
  res.set({
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
  });
  res
    .status(503)
    .type("html")
    .send(renderLoginPage({ lang, title, action, csrfToken: "", next: "", nonce, text, notice: "formError" }));
}
