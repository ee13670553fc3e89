// The login page a gate serves: one small, mobile-friendly HTML page, styled inline under a
// per-response nonce so a strict Content-Security-Policy can stay on. Its one optional script (under
// the same nonce) makes the browser forget the service workers and caches of the protected path.

export interface LoginPageText {
  readonly heading: string;
  readonly username: string;
  readonly password: string;
  readonly submit: string;
  readonly wrong: string;
  readonly locked: string;
  readonly busy: string;
  readonly forbidden: string;
  readonly expired: string;
  readonly loggedOut: string;
  readonly formError: string;
  readonly code: string;
  readonly codeHint: string;
  readonly verify: string;
  readonly restart: string;
  readonly codeWrong: string;
  readonly codeExpired: string;
  readonly secondFactorMissing: string;
  readonly unavailable: string;
  /** The 403 answer of a gate reached at an address its login does not cover (not shown on the page). */
  readonly outsidePath: string;
}

export type LoginNotice =
  | "wrong"
  | "locked"
  | "busy"
  | "forbidden"
  | "expired"
  | "loggedOut"
  | "formError"
  | "codeWrong"
  | "codeExpired"
  | "secondFactorMissing"
  | "unavailable";

export interface LoginPageModel {
  readonly title: string;
  readonly action: string;
  readonly csrfToken: string;
  readonly next: string;
  readonly nonce: string;
  readonly text: LoginPageText;
  /** The language of `text`, for `<html lang>` (default "en"). */
  readonly lang?: string;
  readonly username?: string;
  readonly notice?: LoginNotice;
  /** Minutes to wait, for the "locked" notice. */
  readonly retryMinutes?: number;
  /** "code": the second step, asking for the authenticator app's code. */
  readonly step?: "password" | "code";
  /** Where "start again" leads from the code step. */
  readonly restart?: string;
  /**
   * The protected path (e.g. "/dashboard"): the page unregisters the service workers whose scope lies
   * there and deletes their caches, so a page shell kept by the browser (Dashboard 2's offline copy)
   * cannot answer the visitor's next visit instead of the server.
   */
  readonly forgetWorkersUnder?: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#1f2937;
display:flex;align-items:center;justify-content:center;padding:16px}
main{width:100%;max-width:360px;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px 24px}
h1{font-size:22px;margin:0 0 4px}
p.sub{margin:0 0 20px;color:#6b7280;font-size:14px}
label{display:block;font-size:14px;font-weight:600;margin:14px 0 6px}
input{width:100%;font:inherit;padding:12px;border:1px solid #d1d5db;border-radius:8px;background:#fff;color:inherit}
input:focus{outline:2px solid #8f0000;outline-offset:1px;border-color:#8f0000}
button{width:100%;margin-top:22px;padding:12px;font:inherit;font-weight:600;color:#fff;background:#8f0000;border:0;border-radius:8px;cursor:pointer}
button:hover{background:#a30000}
.notice{margin:0 0 12px;padding:10px 12px;border-radius:8px;font-size:14px;background:#fef2f2;color:#991b1b;border:1px solid #fecaca}
.notice.ok{background:#f0fdf4;color:#166534;border-color:#bbf7d0}
p.hint{margin:6px 0 0;color:#6b7280;font-size:13px}
p.again{margin:16px 0 0;text-align:center;font-size:14px}
a{color:#8f0000}
@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}main{background:#1f2937;box-shadow:none}
input{background:#111827;border-color:#374151}p.sub{color:#9ca3af}}
`;

function noticeText(model: LoginPageModel): string | undefined {
  if (!model.notice) return undefined;
  const text = model.text[model.notice];
  return text.replace("__minutes__", String(model.retryMinutes ?? 1));
}

function passwordFields(model: LoginPageModel): string {
  const e = escapeHtml;
  return `<label for="username">${e(model.text.username)}</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" required value="${e(model.username ?? "")}"${model.username ? "" : " autofocus"}>
<label for="password">${e(model.text.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${model.username ? " autofocus" : ""}>
<button type="submit">${e(model.text.submit)}</button>`;
}

function codeFields(model: LoginPageModel): string {
  const e = escapeHtml;
  return `<input type="hidden" name="step" value="code">
<label for="code">${e(model.text.code)}</label>
<input id="code" name="code" autocomplete="one-time-code" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" required autofocus aria-describedby="code-hint">
<p class="hint" id="code-hint">${e(model.text.codeHint)}</p>
<button type="submit">${e(model.text.verify)}</button>`;
}

/** Unregisters the workers of one path and drops their caches; does nothing where there are none. */
function forgetWorkersScript(path: string): string {
  // JSON.stringify, then "<" escaped: the value cannot end the script element.
  const scope = JSON.stringify(path).replace(/</g, "\\u003c");
  return `(function(){var s=${scope};function under(u){try{var p=new URL(u,location.href).pathname;return s==="/"||p===s||p.indexOf(s+"/")===0}catch(e){return false}}
if(navigator.serviceWorker&&navigator.serviceWorker.getRegistrations)navigator.serviceWorker.getRegistrations().then(function(rs){rs.forEach(function(r){if(under(r.scope))r.unregister()})}).catch(function(){});
if(window.caches&&caches.keys)caches.keys().then(function(ks){ks.forEach(function(k){var i=k.indexOf(location.origin);if(i>=0&&under(k.slice(i)))caches.delete(k)})}).catch(function(){})})();`;
}

export function renderLoginPage(model: LoginPageModel): string {
  const notice = noticeText(model);
  const e = escapeHtml;
  const code = model.step === "code";
  return `<!doctype html>
<html lang="${e(model.lang ?? "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex">
<title>${e(model.title)}</title>
<style nonce="${e(model.nonce)}">${STYLE}</style>
</head>
<body>
<main>
<h1>${e(model.title)}</h1>
<p class="sub">${e(model.text.heading)}</p>
${notice ? `<p class="notice${model.notice === "loggedOut" ? " ok" : ""}" role="alert">${e(notice)}</p>` : ""}
<form method="post" action="${e(model.action)}">
<input type="hidden" name="csrf" value="${e(model.csrfToken)}">
<input type="hidden" name="next" value="${e(model.next)}">
${code ? codeFields(model) : passwordFields(model)}
</form>
${code && model.restart ? `<p class="again"><a href="${e(model.restart)}">${e(model.text.restart)}</a></p>` : ""}
</main>
${model.forgetWorkersUnder === undefined ? "" : `<script nonce="${e(model.nonce)}">${forgetWorkersScript(model.forgetWorkersUnder)}</script>`}
</body>
</html>
`;
}
