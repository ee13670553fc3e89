// The auth gate and auth users nodes in node-red-node-test-helper, behind real http-in nodes:
// every option, with supertest as the client.
import assert from "node:assert/strict";
import request from "supertest";
import { HASH, PASSWORD, SESSION_SECRET, basic, helper, loadGate, loggedText, statuses } from "../support/gate-helper";
import { logIn, readLoginForm, sessionCookie } from "../support/login";

describe("auth gate in a flow (test helper)", function () {
  this.timeout(30_000);

  before((done) => {
    helper.startServer(done);
  });
  after((done) => {
    helper.stopServer(done);
  });
  afterEach(async () => {
    await helper.unload();
  });

  it("shows how many users can log in and how", async () => {
    await loadGate();
    assert.deepEqual(statuses("gate").at(-1), { fill: "green", shape: "dot", text: "2 users · login page + Basic" });
  });

  it("passes valid Basic credentials on with msg.user and no secret left on the message", async () => {
    const { app, received } = await loadGate();
    const res = await request(app)
      .get("/secret")
      .set("Authorization", basic("alice", PASSWORD))
      .set("Cookie", "theme=dark")
      .expect(200);
    assert.deepEqual(res.body.user, { username: "alice", roles: ["admin"] });
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    const msg = received[0]?.msg ?? {};
    const headers = (msg.req as { headers: Record<string, unknown> }).headers;
    assert.equal(headers.authorization, undefined);
    assert.equal(headers.cookie, "theme=dark");
    const seen = JSON.stringify({ user: msg.user, headers, payload: msg.payload });
    assert.ok(!seen.includes(PASSWORD) && !seen.includes(Buffer.from(`alice:${PASSWORD}`).toString("base64")));
  });

  it("answers refused requests itself: challenge, login redirect, 400 for a malformed header", async () => {
    const { app, received } = await loadGate({ gate: { realm: "Heating" } });
    const res = await request(app).get("/secret").set("Authorization", basic("alice", "nope")).expect(401);
    assert.equal(res.headers["www-authenticate"], 'Basic realm="Heating", charset="UTF-8"');
    await request(app).get("/secret").set("Authorization", basic("mallory", PASSWORD)).expect(401);
    await request(app).get("/secret").set("Authorization", basic("carol", PASSWORD)).expect(401);
    await request(app).get("/secret").set("Authorization", basic("dave", "")).expect(401);
    await request(app).get("/secret").set("Authorization", "Basic @@@@").expect(400);
    const browser = await request(app).get("/secret").set("Accept", "text/html").expect(401);
    assert.match(browser.text, /<form method="post" action="\/login">/);
    assert.match(browser.text, /name="next" value="\/secret"/);
    assert.equal(received.length, 0);
    assert.match(statuses("gate").at(-1)?.text ?? "", /^denied: /);
  });

  it("sends refusals to the second output when asked, without the credentials", async () => {
    const { app, received } = await loadGate({ gate: { deniedOutput: true } });
    const res = await request(app).get("/secret").set("Authorization", basic("alice", "guess-123")).expect(299);
    assert.deepEqual(res.body.auth, { reason: "bad-credentials", status: 401, message: "wrong user name or password" });
    const msg = received.find((r) => r.port === "denied")?.msg ?? {};
    assert.equal((msg.req as { headers: Record<string, unknown> }).headers.authorization, undefined);
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.deepEqual(
      received.map((r) => r.port),
      ["denied", "allowed"],
    );
  });

  it("lets only the listed roles in", async () => {
    const { app } = await loadGate({ gate: { roles: "admin, ops" } });
    await request(app).get("/secret").set("Authorization", basic("bob", PASSWORD)).expect(403);
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(200);
  });

  it("logs in through its login page, with the title it was given, and out again", async () => {
    const { app } = await loadGate({ gate: { title: "Greenhouse" } });
    const page = await request(app).get("/login").expect(200);
    assert.match(page.text, /<title>Greenhouse<\/title>/);
    const login = await logIn(request(app), "/login", "alice", PASSWORD, "/secret");
    assert.equal(login.status, 303);
    assert.equal(login.headers.location, "/secret");
    const cookie = sessionCookie(login);
    const res = await request(app).get("/secret").set("Cookie", cookie).expect(200);
    assert.equal(res.body.user.username, "alice");
    await request(app).get("/logout").set("Cookie", cookie).expect(200);
    await request(app).get("/secret").set("Cookie", cookie).set("Accept", "application/json").expect(401);
  });

  it("passes a session on with its cookie gone from the message, the visitor's other cookies kept", async () => {
    const { app, received } = await loadGate();
    const cookie = sessionCookie(await logIn(request(app), "/login", "alice", PASSWORD, "/secret"));
    const [name = "", value = ""] = cookie.split("=");
    for (let i = 0; i < 2; i++) {
      await request(app).get("/secret").set("Cookie", `theme=dark; ${cookie}; lang=de`).expect(200);
    }
    assert.equal(received.length, 2);
    for (const { msg } of received) {
      const req = msg.req as {
        headers: Record<string, unknown>;
        rawHeaders: string[];
        cookies: Record<string, string>;
      };
      assert.equal(req.headers.cookie, "theme=dark; lang=de");
      assert.deepEqual(req.cookies, { theme: "dark", lang: "de" });
      const raw = req.rawHeaders.join("\n");
      assert.ok(raw.includes("theme=dark; lang=de"), raw);
      assert.ok(!raw.includes(name) && !raw.includes(value), raw);
    }
  });

  it("keeps a login only as long as its dialog says (Log in again after)", async () => {
    const maxAge = async (gate: Record<string, unknown>): Promise<string | undefined> => {
      const { app } = await loadGate({ gate });
      const login = await logIn(request(app), "/login", "alice", PASSWORD, "/secret");
      const cookies = login.headers["set-cookie"] as unknown as string[];
      const cookie = cookies.find((c) => c.startsWith("nrs_session_")) ?? "";
      await helper.unload();
      return /Max-Age=(\d+)/.exec(cookie)?.[1];
    };
    // The users list's default: seven days.
    assert.equal(await maxAge({}), String(7 * 24 * 3600));
    assert.equal(await maxAge({ loginHours: "2" }), "7200");
    assert.equal(await maxAge({ loginHours: "" }), String(7 * 24 * 3600));
  });

  it("answers in the visitor's language: Accept-Language among en-US, de and ja, <html lang> set to it", async () => {
    const { app } = await loadGate({ gate: { title: "Greenhouse" } });
    const ja = await request(app).get("/login").set("Accept-Language", "ja").expect(200);
    assert.match(ja.text, /<html lang="ja">/);
    assert.match(ja.text, /<label for="username">ユーザ名<\/label>/);
    assert.match(ja.text, /<button type="submit">ログイン<\/button>/);
    assert.match(ja.text, /<title>Greenhouse<\/title>/);
    // q-values decide; a language not shipped (French) is skipped.
    const de = await request(app).get("/login").set("Accept-Language", "fr-FR, ja;q=0.5, de-AT;q=0.8").expect(200);
    assert.match(de.text, /<html lang="de">/);
    assert.match(de.text, /<button type="submit">Anmelden<\/button>/);
    const fallback = await request(app).get("/login").set("Accept-Language", "fr-FR,fr;q=0.9").expect(200);
    assert.match(fallback.text, /<html lang="en-US">/);
    assert.match(fallback.text, /<button type="submit">Log in<\/button>/);
    // Notices too: a wrong password in Japanese.
    const form = readLoginForm(ja.text, ja.headers["set-cookie"]);
    const wrong = await request(app)
      .post("/login")
      .set("Cookie", form.csrfCookie)
      .set("Accept-Language", "ja")
      .type("form")
      .send({ username: "alice", password: "not the password", csrf: form.csrf, next: "/secret" });
    assert.match(wrong.text, /<html lang="ja">/);
    assert.match(wrong.text, /ユーザ名またはパスワードが違います。/);
  });

  it("widens its login to cover a wired endpoint outside its path, instead of sending browsers round", async () => {
    const { app } = await loadGate({ gate: { scope: "/dashboard", method: "form" } });
    assert.deepEqual(statuses("gate").at(-1), {
      fill: "yellow",
      shape: "dot",
      text: "2 users · login page · login valid for /",
    });
    assert.match(loggedText(), /\/secret lies outside the gate's path \/dashboard/);
    const page = await request(app).get("/secret").set("Accept", "text/html").expect(401);
    assert.match(page.text, /action="\/dashboard\/login"/);
    const login = await logIn(request(app), "/dashboard/login", "alice", PASSWORD, "/secret");
    assert.equal(login.headers.location, "/secret");
    assert.match((login.headers["set-cookie"] as unknown as string[]).join(), /nrs_session_[^;]+; Path=\/;/);
    const res = await request(app).get("/secret").set("Cookie", sessionCookie(login)).expect(200);
    assert.equal(res.body.user.username, "alice");
  });

  it("answers 403, not a login page that could only loop, for an endpoint it reaches through another node", async () => {
    const { app } = await loadGate({ gate: { scope: "/secret" }, relayed: "/elsewhere" });
    // Unseen at deploy: the login stays valid for /secret only.
    assert.equal(statuses("gate").at(-1)?.fill, "green");
    const page = await request(app).get("/elsewhere").set("Accept", "text/html").expect(403);
    assert.match(page.text, /outside the part of the site this gate's login is valid for/);
    assert.doesNotMatch(page.text, /<form/);
    assert.equal(page.headers["cache-control"], "no-store");
    // In the visitor's language.
    const german = await request(app)
      .get("/elsewhere")
      .set({ Accept: "text/html", "Accept-Language": "de-DE,de;q=0.9" })
      .expect(403);
    assert.match(german.text, /^Diese Adresse liegt außerhalb des Teils der Website/);
    assert.equal(german.headers["content-language"], "de");
    assert.deepEqual(statuses("gate").at(-1), {
      fill: "red",
      shape: "ring",
      text: "endpoint outside the gate's path",
    });
    // A device's Basic login carries no cookie, so it still works there; a wrong one is refused as usual.
    const ok = await request(app).get("/elsewhere").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.equal(ok.body.user.username, "alice");
    await request(app).get("/elsewhere").set("Authorization", basic("alice", "wrong")).expect(401);
    // Its own endpoint gets the login page.
    const login = await request(app).get("/secret").set("Accept", "text/html").expect(401);
    assert.match(login.text, /action="\/secret\/login"/);
  });

  it("uses custom login and logout URLs inside its path", async () => {
    const { app } = await loadGate({ gate: { scope: "/", loginPath: "/auth/in", logoutPath: "/auth/out" } });
    await request(app).get("/login").expect(404);
    const cookie = sessionCookie(await logIn(request(app), "/auth/in", "alice", PASSWORD, "/secret"));
    await request(app).get("/auth/out").set("Cookie", cookie).expect(200);
  });

  it("accepts only what its method allows", async () => {
    const form = await loadGate({ gate: { method: "form" } });
    await request(form.app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(401);
    assert.equal(statuses("gate").at(0)?.text, "2 users · login page");
    await helper.unload();
    const basicOnly = await loadGate({ gate: { method: "basic" } });
    await request(basicOnly.app).get("/secret").set("Accept", "text/html").expect(401);
    await request(basicOnly.app).get("/login").expect(404);
  });

  it("guards a whole path without wiring when asked, whatever the spelling of the URL", async () => {
    const { app } = await loadGate({
      gate: { scope: "/dash", protectScope: true },
      unwired: ["/dash/data", "/dashboard", "/public"],
    });
    for (const path of ["/dash/data", "/DASH/data", "/%64ash/data", "//dash/data"]) {
      const res = await request(app).get(path).set("Accept", "application/json");
      assert.ok(res.status === 401 || res.status === 404, `${path}: ${String(res.status)}`);
      assert.notEqual(res.status, 200, path);
    }
    const ok = await request(app).get("/dash/data").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.deepEqual(ok.body.user, { username: "alice", roles: ["admin"] });
    await request(app).get("/dashboard").expect(200);
    await request(app).get("/public").expect(200);
    const browser = await request(app).get("/dash/data").set("Accept", "text/html").expect(401);
    assert.match(browser.text, /action="\/dash\/login"/);
    assert.match(browser.text, /name="next" value="\/dash\/data"/);
  });

  it("leaves the headers of allowed responses alone when asked", async () => {
    const { app } = await loadGate({ gate: { securityHeaders: false } });
    const res = await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(200);
    assert.equal(res.headers["x-content-type-options"], undefined);
  });

  it("locks out a guessing client with 429 and Retry-After, but not a logged-in user or a known device", async () => {
    const { app } = await loadGate();
    const cookie = sessionCookie(await logIn(request(app), "/login", "alice", PASSWORD, "/secret"));
    await request(app).get("/secret").set("Authorization", basic("bob", PASSWORD)).expect(200);
    const statusesSeen: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await request(app)
        .get("/secret")
        .set("Authorization", basic("alice", `guess-${String(i)}`));
      statusesSeen.push(res.status);
      if (res.status === 429) assert.match(String(res.headers["retry-after"]), /^\d+$/);
    }
    assert.deepEqual(statusesSeen, [401, 401, 401, 401, 401, 429, 429]);
    await request(app).get("/secret").set("Cookie", cookie).expect(200);
    await request(app).get("/secret").set("Authorization", basic("bob", PASSWORD)).expect(200);
    assert.match(statuses("gate").at(-1)?.text ?? "", /^denied: too many failures: locked/);
  });

  it("counts clients behind a trusted proxy by their forwarded address", async () => {
    const { app } = await loadGate({ gate: { trustProxy: true } });
    const from = (ip: string, user: string, password: string) =>
      request(app).get("/secret").set("X-Forwarded-For", ip).set("Authorization", basic(user, password));
    for (let i = 0; i < 5; i++) await from("203.0.113.7", "mallory", `g${String(i)}`).expect(401);
    // The sixth failure locks the address; its own answer is held for the length of the lock.
    const sixth = from("203.0.113.7", "mallory", "g5")
      .expect(429)
      .then(() => undefined); // supertest only sends once then() is called
    await new Promise((r) => setTimeout(r, 300));
    await from("203.0.113.7", "bob", PASSWORD).expect(429);
    await from("198.51.100.1", "bob", PASSWORD).expect(200);
    await sixth;
  });

  it("ends idle sessions", async () => {
    const { app } = await loadGate({ users: { sessionIdleMinutes: 0.01 } });
    const cookie = sessionCookie(await logIn(request(app), "/login", "alice", PASSWORD));
    await request(app).get("/secret").set("Cookie", cookie).expect(200);
    await new Promise((r) => setTimeout(r, 800));
    await request(app).get("/secret").set("Cookie", cookie).set("Accept", "application/json").expect(401);
  });

  it("keeps sessions across a redeploy of its nodes", async () => {
    const first = await loadGate({ usersId: "kept-users" });
    const cookie = sessionCookie(await logIn(request(first.app), "/login", "alice", PASSWORD));
    await helper.unload();
    const second = await loadGate({ usersId: "kept-users" });
    await request(second.app).get("/secret").set("Cookie", cookie).expect(200);
  });

  it("fails closed without a users configuration, and says why", async () => {
    const { app } = await loadGate({ users: null });
    const res = await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(503);
    assert.equal(res.body.reason, "not-configured");
    assert.deepEqual(statuses("gate").at(0), { fill: "red", shape: "ring", text: "no users configuration selected" });
  });

  it("fails closed when the users configuration is broken", async () => {
    const { app } = await loadGate({
      users: {
        accounts: [
          { id: "a", username: "twin", roles: [], enabled: true },
          { id: "b", username: "twin", roles: [], enabled: true },
        ],
      },
    });
    await request(app).get("/secret").set("Authorization", basic("twin", PASSWORD)).expect(503);
    assert.match(statuses("gate").at(0)?.text ?? "", /used twice/);
    assert.match(loggedText(), /used twice/);
  });

  it("says so when nobody can log in yet", async () => {
    const { app } = await loadGate({ credentials: { sessionSecret: SESSION_SECRET } });
    assert.deepEqual(statuses("gate").at(0), { fill: "red", shape: "ring", text: "no user can log in yet" });
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(503);
  });

  it("refuses a login path outside its scope", async () => {
    await loadGate({ gate: { scope: "/app", loginPath: "/login" } });
    assert.match(statuses("gate").at(0)?.text ?? "", /inside the protected path/);
  });

  it("reports a message that did not come from http in", async () => {
    await loadGate();
    const gate = helper.getNode("gate") as {
      receive(msg: unknown): void;
      on(e: string, f: (c: unknown) => void): void;
    };
    const errored = new Promise<unknown>((resolve) => gate.on("call:error", resolve));
    gate.receive({ payload: "hi" });
    const call = (await errored) as { args: unknown[] };
    assert.match(String(call.args[0]), /wire the gate after an http in node/);
  });

  it("never shows a password or a hash in its status or in the log", async () => {
    const { app } = await loadGate();
    await request(app).get("/secret").set("Authorization", basic("alice", "a-wrong-Password-42"));
    await logIn(request(app), "/login", "alice", PASSWORD);
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD));
    const text = JSON.stringify(statuses("gate")) + loggedText();
    for (const secret of [PASSWORD, "a-wrong-Password-42", HASH, SESSION_SECRET]) {
      assert.ok(!text.includes(secret), `leaked ${secret}`);
    }
  });
});
