// Logs in through a gate's login page the way a browser does, for supertest and fetch based tests.
import assert from "node:assert/strict";
import type { Response as SuperResponse, Test } from "supertest";

export interface LoginForm {
  readonly csrf: string;
  /** "nrs_csrf=…" as a Cookie header part. */
  readonly csrfCookie: string;
}

export function readLoginForm(html: string, setCookie: string[] | string | undefined): LoginForm {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const csrfCookie = cookies.find((c) => c.startsWith("nrs_csrf="))?.split(";")[0];
  assert.ok(csrf && csrfCookie, "the login page has no anti-forgery token");
  return { csrf, csrfCookie };
}

/** The "name=value" of the session cookie a response set. */
export function sessionCookie(res: SuperResponse): string {
  const raw = res.headers["set-cookie"] as unknown as string[] | undefined;
  const found = (raw ?? []).find((c) => c.startsWith("nrs_session_") && !/Max-Age=0/.test(c));
  assert.ok(found, `no session cookie in ${JSON.stringify(raw)}`);
  return found.split(";")[0] ?? "";
}

interface Agent {
  get(path: string): Test;
  post(path: string): Test;
}

/** GET the login page, then POST the form; returns the POST's response. */
export async function logIn(
  agent: Agent,
  loginPath: string,
  username: string,
  password: string,
  next = "/",
  extraCookie = "",
): Promise<SuperResponse> {
  const page = await agent.get(`${loginPath}?next=${encodeURIComponent(next)}`).expect(200);
  const form = readLoginForm(page.text, page.headers["set-cookie"]);
  return agent
    .post(loginPath)
    .set("Cookie", [form.csrfCookie, extraCookie].filter(Boolean).join("; "))
    .type("form")
    .send({ username, password, csrf: form.csrf, next });
}
