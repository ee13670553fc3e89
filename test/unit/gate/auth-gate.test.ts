// The gate's HTTP behaviour on a bare Express app: guard middleware, login and logout routes.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect, type AddressInfo } from "node:net";
import type { RequestHandler } from "express";
import request from "supertest";
import bcrypt from "bcryptjs";
import helmet from "helmet";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { GateConfigError } from "../../../src/auth/gate-paths";
import type { GateOptions } from "../../../src/gate/gate-options";
import { fixedHeaderSteps } from "../../../src/gate/header-steps";
import { loginTextFor } from "../../../src/gate/login-catalogue";
import type { UsersContext } from "../../../src/auth/users-context";
import { SessionStore } from "../../../src/auth/sessions";
import { UserDirectory } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";
import { gateApp } from "../../support/gate-app";
import { logIn, readLoginForm, sessionCookie } from "../../support/login";

const PASSWORD = "violet-Tractor-93-umbrella";
const HASH = bcrypt.hashSync(PASSWORD, 4);
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

describe("AuthGate over Express", function () {
  this.timeout(20_000);
  const pool = new BcryptPool({ workers: 1 });
  after(() => pool.stop());

  function makeApp(options: Partial<GateOptions> = {}, ctxOverride?: () => UsersContext | Error) {
    const users = new UserDirectory([
      { username: "alice", roles: ["admin"], enabled: true, hash: HASH },
      { username: "bob", roles: ["family"], enabled: true, hash: HASH },
    ]);
    const ctx: UsersContext = {
      id: "users-1",
      users,
      verifier: new CredentialVerifier({ pool }),
      sessions: new SessionStore({ secret: randomBytes(32), idleMs: 60_000, absoluteMs: 3_600_000 }),
    };
    const { app, gate } = gateApp(ctxOverride ?? (() => ctx), options);
    app.get("/open", (_req, res) => res.json({ open: true }));
    return { app, gate, ctx };
  }

  it("derives login and logout paths from its scope, and refuses bad paths", () => {
    const { gate } = makeApp();
    assert.equal(gate.options.loginPath, "/app/login");
    assert.equal(gate.options.logoutPath, "/app/logout");
    assert.throws(() => makeApp({ scope: "app" }), GateConfigError);
    assert.throws(() => makeApp({ loginPath: "/elsewhere/login" }), /inside the protected path/);
    assert.throws(() => makeApp({ loginPath: "/app/x", logoutPath: "/app/x" }), /must differ/);
    assert.throws(() => makeApp({ method: "magic" as never }), /basic, form or both/);
  });

  it("guards its scope: Basic challenge for scripts, the login page in place for browsers", async () => {
    const { app } = makeApp();
    const script = await request(app).get("/app/data").expect(401);
    assert.equal(script.headers["www-authenticate"], 'Basic realm="Home", charset="UTF-8"');
    assert.equal(script.headers["cache-control"], "no-store");
    assert.deepEqual(script.body, { error: "no credentials", reason: "missing-credentials", login: "/app/login" });
    // No redirect: a service worker could answer the login page's address from its cache.
    const browser = await request(app).get("/app/data?x=1").set("Accept", "text/html").expect(401);
    assert.equal(browser.headers.location, undefined);
    assert.equal(browser.headers["www-authenticate"], undefined);
    assert.equal(browser.headers["cache-control"], "no-store");
    assert.match(browser.text, /<form method="post" action="\/app\/login">/);
    assert.match(browser.text, /name="next" value="\/app\/data\?x=1"/);
    await request(app).get("/open").expect(200);
  });

  it("challenges no background request of a browser page with Basic, so no password box pops up", async () => {
    const { app } = makeApp();
    const marks: Record<string, string>[] = [
      { "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty" },
      { "Sec-Fetch-Mode": "same-origin" },
      { "X-Requested-With": "XMLHttpRequest" },
      { Referer: "http://127.0.0.1/app/home", Accept: "*/*" },
    ];
    for (const headers of marks) {
      const res = await request(app).get("/app/_setup").set(headers).expect(401);
      assert.equal(res.headers["www-authenticate"], undefined, JSON.stringify(headers));
      assert.equal(res.body.login, "/app/login");
    }
    // A navigation is a person: the login page, never a challenge.
    const nav = await request(app)
      .get("/app/home")
      .set({ "Sec-Fetch-Mode": "navigate", Accept: "text/html" })
      .expect(401);
    assert.match(nav.text, /<form method="post"/);
    assert.equal(nav.headers["www-authenticate"], undefined);
  });

  it("never sends a browser back to the login or logout page after login, nor nests them in next=", async () => {
    const { app } = makeApp();
    for (const next of ["/app/login?next=%2Fapp%2Flogin", "/app/LOGOUT", "/app//login/"]) {
      const page = await request(app)
        .get(`/app/login?next=${encodeURIComponent(next)}`)
        .expect(200);
      assert.match(page.text, /name="next" value="\/app"/, next);
    }
    const shown = await request(app).get("/app/login?next=%2Fapp%2Flogin").set("Accept", "text/html").expect(200);
    assert.doesNotMatch(shown.text, /next=/);
    const res = await logIn(request(app), "/app/login", "alice", PASSWORD, "/app/logout");
    assert.equal(res.headers.location, "/app");
  });

  it("shows the login page to a browser that sends Basic credentials, instead of bouncing it on", async () => {
    const { app } = makeApp();
    const page = await request(app)
      .get("/app/login?next=/app/data")
      .set("Authorization", basic("alice", PASSWORD))
      .expect(200);
    assert.match(page.text, /<form method="post"/);
  });

  it("keeps its session cookie on a wider path when asked, and refuses one that does not contain it", async () => {
    const { app } = makeApp({ cookiePath: "/" });
    const res = await logIn(request(app), "/app/login", "alice", PASSWORD);
    assert.match((res.headers["set-cookie"] as unknown as string[]).join(), /nrs_session_[^;]+; Path=\/;/);
    assert.throws(() => makeApp({ cookiePath: "/elsewhere" }), /must contain the protected path/);
  });

  it("marks what it lets through no-store unless the app behind says otherwise", async () => {
    const { app } = makeApp();
    const res = await request(app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.equal(res.headers["cache-control"], "no-store");
  });

  it("lets valid Basic credentials through with the user on req and protective headers", async () => {
    const { app } = makeApp();
    const res = await request(app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.deepEqual(res.body, { user: { username: "alice", roles: ["admin"] } });
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["x-frame-options"], "SAMEORIGIN");
    assert.equal(res.headers["content-security-policy"], undefined, "user pages keep their own CSP");
    assert.equal(res.headers["referrer-policy"], "same-origin");
    assert.equal(res.headers["x-powered-by"], undefined);
    await request(app).get("/app/data").set("Authorization", basic("alice", "wrong")).expect(401);
    await request(app).get("/app/data").set("Authorization", "Basic %%%").expect(400);
    const bearer = await request(app).get("/app/data").set("Authorization", "Bearer some-token").expect(401);
    assert.match(String(bearer.headers["www-authenticate"]), /^Basic /);
  });

  it("drops the waiting bcrypt check of a Basic client that hangs up, and runs none for it", async () => {
    const { app } = makeApp();
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const before = pool.stats;
      // The one worker is busy: the check waits its turn.
      const busy = pool.hash("keeps the worker busy", 13);
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => undefined);
      socket.write(`GET /app/data HTTP/1.1\r\nHost: x\r\nAuthorization: ${basic("alice", "a-wrong-guess")}\r\n\r\n`);
      for (let i = 0; i < 200 && pool.pending < 2; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(pool.pending, 2, "the check should wait behind the busy worker");
      socket.destroy();
      await busy;
      for (let i = 0; i < 50 && pool.stats.dropped === before.dropped; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(pool.stats.dropped, before.dropped + 1);
      assert.equal(pool.stats.compares, before.compares);
    } finally {
      server.close();
    }
  });

  it("enforces roles with 403", async () => {
    const { app } = makeApp({ roles: ["admin"] });
    await request(app).get("/app/data").set("Authorization", basic("bob", PASSWORD)).expect(403);
    await request(app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(200);
  });

  it("shows a browser refused for its role the login page in its language, to log in as somebody else", async () => {
    // The shipped catalogue, as settings.js gates use it.
    const { app } = makeApp({ roles: ["admin"], text: loginTextFor });
    // A browser that still sends bob's Basic login (a session from a wider gate of the list is the same).
    const bob = basic("bob", PASSWORD);
    const page = await request(app)
      .get("/app/data")
      .set({ Authorization: bob, Accept: "text/html", "Accept-Language": "de-DE,de;q=0.9" })
      .expect(403);
    assert.match(page.text, /<html lang="de"/);
    assert.match(page.text, /Ihr Konto darf diese Seite nicht öffnen\./);
    assert.match(page.text, /<form[^>]+action="\/app\/login"/);
    assert.match(page.text, /name="next" value="\/app\/data"/);
    assert.equal(page.headers["cache-control"], "no-store");
    // Scripts still get the short answer.
    const json = await request(app)
      .get("/app/data")
      .set({ Authorization: bob, Accept: "application/json" })
      .expect(403);
    assert.equal(json.body.reason, "forbidden");
    // The same person logs in as alice from that page and opens it.
    const again = await logIn(request(app), "/app/login", "alice", PASSWORD, "/app/data");
    await request(app).get("/app/data").set("Cookie", sessionCookie(again)).expect(200);
  });

  it("fails closed with 503 when its users configuration is missing", async () => {
    const { app } = makeApp({}, () => new Error("no users"));
    const res = await request(app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(503);
    assert.equal(res.body.reason, "not-configured");
    assert.doesNotMatch(res.text, /Error|at /);
  });

  it("lets CORS preflights through without credentials", async () => {
    const { app } = makeApp();
    app.options("/app/data", (_req, res) => res.status(204).end());
    await request(app)
      .options("/app/data")
      .set("Origin", "https://app.example")
      .set("Access-Control-Request-Method", "GET")
      .expect(204);
    await request(app).options("/app/data").expect(401);
  });

  it("serves a login page with a strict policy and an anti-forgery cookie", async () => {
    const { app } = makeApp();
    const page = await request(app).get("/app/login?next=/app/data").expect(200);
    assert.match(page.headers["content-type"] ?? "", /text\/html/);
    assert.match(
      page.headers["content-security-policy"] ?? "",
      /default-src 'none';style-src 'nonce-([^']+)';script-src 'nonce-\1';form-action 'self';frame-ancestors 'none'/,
    );
    assert.equal(page.headers["x-frame-options"], "DENY");
    assert.equal(page.headers["cache-control"], "no-store");
    const cookie = (page.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("nrs_csrf="));
    assert.match(cookie ?? "", /Path=\/app\/login; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    assert.match(page.text, /name="next" value="\/app\/data"/);
  });

  it("logs in with the form: a new session cookie scoped to the path, and a redirect back", async () => {
    const { app, ctx } = makeApp();
    const res = await logIn(request(app), "/app/login", "alice", PASSWORD, "/app/data?tab=2").then((r) => r);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, "/app/data?tab=2");
    const raw = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("nrs_session_"));
    assert.match(
      raw ?? "",
      /^nrs_session_[0-9a-f]{10}=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Path=\/app; Max-Age=3600; HttpOnly; SameSite=Lax$/,
    );
    const cookie = sessionCookie(res);
    const data = await request(app).get("/app/data").set("Cookie", cookie).expect(200);
    assert.equal(data.body.user.username, "alice");
    assert.equal(ctx.sessions.size, 1);
    // Logging in again while holding a session rotates the id: the old one stops working.
    const again = await logIn(request(app), "/app/login", "alice", PASSWORD, "/app/data", cookie);
    assert.notEqual(sessionCookie(again), cookie);
    await request(app).get("/app/data").set("Cookie", cookie).set("Accept", "application/json").expect(401);
    assert.equal(ctx.sessions.size, 1);
  });

  it("marks the cookie Secure behind HTTPS only when the proxy is trusted", async () => {
    const trusted = makeApp({ trustProxy: true });
    const res = await logIn(
      {
        get: (p) => request(trusted.app).get(p).set("X-Forwarded-Proto", "https"),
        post: (p) => request(trusted.app).post(p).set("X-Forwarded-Proto", "https"),
      },
      "/app/login",
      "alice",
      PASSWORD,
    );
    assert.match((res.headers["set-cookie"] as unknown as string[]).join("\n"), /nrs_session_[^\n]*; Secure/);
    const untrusted = makeApp();
    const res2 = await logIn(
      {
        get: (p) => request(untrusted.app).get(p).set("X-Forwarded-Proto", "https"),
        post: (p) => request(untrusted.app).post(p).set("X-Forwarded-Proto", "https"),
      },
      "/app/login",
      "alice",
      PASSWORD,
    );
    assert.doesNotMatch((res2.headers["set-cookie"] as unknown as string[]).join("\n"), /Secure/);
  });

  it("never redirects to another site after login", async () => {
    const { app } = makeApp();
    for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await logIn(request(app), "/app/login", "alice", PASSWORD, next);
      assert.equal(res.headers.location, "/app", next);
    }
  });

  it("refuses a login form without its token, from another origin, or cross-site", async () => {
    const { app } = makeApp();
    const page = await request(app).get("/app/login").expect(200);
    const form = readLoginForm(page.text, page.headers["set-cookie"]);
    const post = () => request(app).post("/app/login").type("form");
    const creds = { username: "alice", password: PASSWORD, next: "/app" };
    let res = await post().set("Cookie", form.csrfCookie).send(creds).expect(403);
    assert.match(res.text, /The login form expired/);
    await post()
      .set("Cookie", form.csrfCookie)
      .send({ ...creds, csrf: "forged" })
      .expect(403);
    await post()
      .send({ ...creds, csrf: form.csrf })
      .expect(403);
    await post()
      .set("Cookie", form.csrfCookie)
      .set("Origin", "https://evil.example")
      .send({ ...creds, csrf: form.csrf })
      .expect(403);
    res = await post()
      .set("Cookie", form.csrfCookie)
      .set("Sec-Fetch-Site", "cross-site")
      .send({ ...creds, csrf: form.csrf })
      .expect(403);
    assert.equal(res.headers["set-cookie"]?.toString().includes("nrs_session_"), false);
  });

  it("answers wrong passwords with the form again, the user name kept and the password not", async () => {
    const { app } = makeApp();
    const res = await logIn(request(app), "/app/login", "alice", "wrong-password-123");
    assert.equal(res.status, 401);
    assert.match(res.text, /Wrong user name or password/);
    assert.match(res.text, /value="alice"/);
    assert.ok(!res.text.includes("wrong-password-123"));
  });

  it("reads only small url-encoded forms", async () => {
    const { app } = makeApp();
    await request(app).post("/app/login").set("Content-Type", "application/json").send("{}").expect(415);
    await request(app)
      .post("/app/login")
      .type("form")
      .send(`username=${"a".repeat(9000)}`)
      .expect(413);
  });

  it("limits login posts per client to 30 a minute", async () => {
    const { app } = makeApp();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await request(app).post("/app/login").type("form").send({ username: "x" })).status);
    }
    assert.ok(
      statuses.slice(0, 30).every((s) => s === 403),
      String(statuses),
    );
    assert.deepEqual(statuses.slice(30), [429, 429]);
  });

  it("logs out: the session ends on the server and the cookie is cleared", async () => {
    const { app, ctx } = makeApp();
    const cookie = sessionCookie(await logIn(request(app), "/app/login", "alice", PASSWORD));
    // The login page right there (a redirect could be answered by a service worker's cache), the browser
    // told to drop its cache, and the page's script forgets the workers of /app.
    const out = await request(app).get("/app/logout").set("Cookie", cookie).expect(200);
    assert.equal(out.headers.location, undefined);
    assert.equal(out.headers["clear-site-data"], '"cache"');
    assert.equal(out.headers["cache-control"], "no-store");
    assert.match(out.text, /You are logged out/);
    assert.match(out.text, /<script nonce="[^"]+">\(function\(\)\{var s="\/app";/);
    assert.match(
      (out.headers["set-cookie"] as unknown as string[]).join(),
      /nrs_session_[0-9a-f]+=; Path=\/app; Max-Age=0/,
    );
    await request(app).post("/app/logout").set("Cookie", cookie).expect(200);
    assert.equal(ctx.sessions.size, 0);
    await request(app).get("/app/data").set("Cookie", cookie).set("Accept", "application/json").expect(401);
    const back = await request(app).get("/app/login?loggedOut=1").expect(200);
    assert.match(back.text, /You are logged out/);
  });

  it("sends a logged-in browser on from the login page", async () => {
    const { app } = makeApp();
    const cookie = sessionCookie(await logIn(request(app), "/app/login", "alice", PASSWORD));
    const res = await request(app).get("/app/login?next=/app/data").set("Cookie", cookie).expect(303);
    assert.equal(res.headers.location, "/app/data");
  });

  it("accepts only sessions in form mode, only Basic in basic mode", async () => {
    const form = makeApp({ method: "form" });
    const res = await request(form.app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(401);
    assert.equal(res.headers["www-authenticate"], undefined);
    const basicOnly = makeApp({ method: "basic" });
    await request(basicOnly.app).get("/app/data").set("Accept", "text/html").expect(401);
    const cookie = sessionCookie(await logIn(request(form.app), "/app/login", "alice", PASSWORD));
    await request(form.app).get("/app/data").set("Cookie", cookie).expect(200);
  });
});

describe("fixedHeaderSteps", () => {
  it("learns the headers a helmet middleware sets once, and only when they depend on nothing in the request", () => {
    const fixed = helmet({
      contentSecurityPolicy: false,
      strictTransportSecurity: false,
      xFrameOptions: { action: "deny" },
    });
    const steps = fixedHeaderSteps(fixed) ?? [];
    assert.deepEqual(
      steps.find(([name]) => name === "X-Frame-Options"),
      ["X-Frame-Options", "DENY"],
    );
    assert.deepEqual(
      steps.find(([name]) => name === "X-Powered-By"),
      ["X-Powered-By", undefined],
    );
    const nonce = (_req: unknown, res: unknown): string =>
      `'nonce-${String((res as { locals: { nonce?: string } }).locals.nonce)}'`;
    const perRequest = helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], scriptSrc: [nonce] } },
    });
    assert.equal(fixedHeaderSteps(perRequest), undefined);
    const readsRequest: RequestHandler = (req, res, next) => {
      res.setHeader("X-Seen-Host", `${req.hostname}!`);
      next();
    };
    assert.equal(fixedHeaderSteps(readsRequest), undefined);
    assert.equal(
      fixedHeaderSteps((_req, _res, next) => next(new Error("refused"))),
      undefined,
    );
  });
});
