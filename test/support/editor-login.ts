// Logs in to Node-RED's editor through security.adminAuth's login page over plain HTTP, the way a
// browser does, from a chosen loopback source address; returns Node-RED's own editor token.
import assert from "node:assert/strict";
import { request } from "node:http";

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        timeout: 20_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${url} did not answer`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

function cookiesOf(answer: Answer): string[] {
  const raw = answer.headers["set-cookie"];
  return (Array.isArray(raw) ? raw : raw ? [raw] : [])
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => !c.endsWith("="));
}

export interface EditorLoginResult {
  /** The login page's answer when it refused (no token). */
  readonly page?: Answer;
  readonly token?: string;
}

/**
 * GET <url>/auth/strategy, POST the form to auth/strategy/callback; on Node-RED 5 the redirect carries
 * a one-time code that is exchanged for the token at auth/token, as the editor does.
 */
export async function editorLogin(
  url: string,
  username: string,
  password: string,
  localAddress?: string,
): Promise<EditorLoginResult> {
  const page = await call(`${url}/auth/strategy`, localAddress ? { localAddress } : {});
  assert.equal(page.status, 200, `the login page answered ${String(page.status)}: ${page.text.slice(0, 300)}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
  assert.ok(csrf, "the login page has no anti-forgery token");
  const posted = await call(`${url}/auth/strategy/callback`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(page).join("; ") },
    body: new URLSearchParams({ csrf, next: "/", username, password }).toString(),
    ...(localAddress ? { localAddress } : {}),
  });
  if (posted.status !== 302) return { page: posted };
  return { token: await tokenFrom(url, String(posted.headers.location)) };
}

/** The editor token from Node-RED's redirect: `?access_token=` (4.x) or `?code=` to exchange (5.x). */
export async function tokenFrom(url: string, location: string): Promise<string> {
  // Node-RED puts the token in the URL without encoding it: read it raw ("+" is not a space here).
  const direct = /[?&]access_token=([^&]+)/.exec(location)?.[1];
  if (direct) return direct;
  const code = /[?&]code=([^&]+)/.exec(location)?.[1];
  assert.ok(code, `no token in the redirect to ${location}`);
  const exchanged = await call(`${url}/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  assert.equal(exchanged.status, 200, exchanged.text);
  const answer = JSON.parse(exchanged.text) as { access_token?: string; accessToken?: string };
  const token = answer.access_token ?? answer.accessToken;
  assert.ok(token, "no access_token in the exchange");
  return token;
}

/**
 * The flows the editor-login tests deploy: one auth-users list "users1" on a tab, anna an admin and ben
 * with `benRole` (cost 10; passwords are set through the dialog's endpoint by each test).
 */
export function editorUsersFlows(benRole: "admin" | "viewer"): Record<string, unknown>[] {
  return [
    { id: "t1", type: "tab", label: "Home" },
    {
      id: "users1",
      type: "auth-users",
      name: "Home",
      accounts: [
        { id: "u1", username: "anna", roles: ["admin"], enabled: true },
        { id: "u2", username: "ben", roles: [benRole], enabled: true },
      ],
      cost: 10,
      rev: 0,
    },
  ];
}
