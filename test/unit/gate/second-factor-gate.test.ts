// The login's second step and the store's failure mode, through a gate on a bare Express app.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type express from "express";
import request from "supertest";
import bcrypt from "bcryptjs";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import type { GateOptions } from "../../../src/gate/gate-options";
import type { UsersContext } from "../../../src/auth/users-context";
import { MemoryStore } from "../../../src/auth/memory-store";
import { SecondFactor } from "../../../src/auth/second-factor";
import { SessionStore } from "../../../src/auth/sessions";
import type { SharedStore } from "../../../src/auth/store";
import { StoreUnavailableError } from "../../../src/auth/store";
import { makeRecoveryCodes, makeTotpSecret, totpCode } from "../../../src/auth/totp";
import { UserDirectory } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";
import { gateApp } from "../../support/gate-app";
import { readLoginForm, sessionCookie } from "../../support/login";

const PASSWORD = "violet-Tractor-93-umbrella";
const HASH = bcrypt.hashSync(PASSWORD, 4);
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
const SECRET = makeTotpSecret();
const nowCode = (): string => totpCode(SECRET, Math.floor(Date.now() / 1000));

/** A memory store that can be switched off, as a Redis server that stops answering would be. */
class SwitchableStore extends MemoryStore {
  down = false;
  override available(): boolean {
    return !this.down;
  }
  override sessions(namespace: string, maxEntries: number): ReturnType<SharedStore["sessions"]> {
    const inner = super.sessions(namespace, maxEntries);
    const guard = <T>(call: () => Promise<T>): Promise<T> =>
      this.down ? Promise.reject(new StoreUnavailableError("store unavailable")) : call();
    return {
      get: (k) => guard(() => inner.get(k)),
      set: (k, v, t) => guard(() => inner.set(k, v, t)),
      delete: (k) => guard(() => inner.delete(k)),
      take: (k) => guard(() => inner.take(k)),
      add: (k, v, t) => guard(() => inner.add(k, v, t)),
      update: (k, v, t) => guard(() => inner.update(k, v, t)),
      deleteUser: (u) => guard(() => inner.deleteUser(u)),
      clear: () => guard(() => inner.clear()),
      endLegacy: () => guard(() => inner.endLegacy()),
    };
  }
}

describe("AuthGate second factor and store failures", function () {
  this.timeout(20_000);
  const pool = new BcryptPool({ workers: 1 });
  after(() => pool.stop());

  function setup(recoveryHashes: string[] = []) {
    const store = new SwitchableStore();
    const users = new UserDirectory([
      {
        username: "alice",
        roles: ["admin"],
        enabled: true,
        hash: HASH,
        totp: { secret: SECRET, recovery: recoveryHashes },
      },
      { username: "bob", roles: ["family"], enabled: true, hash: HASH },
    ]);
    const used: string[] = [];
    const ctx: UsersContext = {
      id: "users-2fa",
      users,
      verifier: new CredentialVerifier({ pool, store, namespace: "users-2fa" }),
      sessions: new SessionStore({
        secret: randomBytes(32),
        idleMs: 60_000,
        absoluteMs: 3_600_000,
        store,
        namespace: "users-2fa",
      }),
      secondFactor: new SecondFactor({
        store,
        namespace: "users-2fa",
        onRecoveryUsed: (_user, hash) => used.push(hash),
      }),
    };
    return { store, ctx, used };
  }

  function makeApp(ctx: UsersContext, options: Partial<GateOptions> = {}) {
    return gateApp(() => ctx, options).app;
  }

  /** Posts the password; returns the code page and the cookies it needs. */
  async function passwordStep(app: express.Express, username: string) {
    const page = await request(app).get("/app/login?next=%2Fapp%2Fdata").expect(200);
    const form = readLoginForm(page.text, page.headers["set-cookie"]);
    const res = await request(app)
      .post("/app/login")
      .set("Cookie", form.csrfCookie)
      .type("form")
      .send({ username, password: PASSWORD, csrf: form.csrf, next: "/app/data" });
    return res;
  }

  async function codeStep(app: express.Express, codePage: request.Response, code: string) {
    const cookies = codePage.headers["set-cookie"] as unknown as string[];
    const pending = cookies.find((c) => c.startsWith("nrs_2fa="))?.split(";")[0] ?? "";
    const form = readLoginForm(codePage.text, cookies);
    return request(app)
      .post("/app/login")
      .set("Cookie", `${form.csrfCookie}; ${pending}`)
      .type("form")
      .send({ step: "code", code, csrf: form.csrf, next: "/app/data" });
  }

  it("asks a user with an authenticator app for a code after the password, then logs in", async () => {
    const { ctx } = setup();
    const app = makeApp(ctx);
    const codePage = await passwordStep(app, "alice");
    assert.equal(codePage.status, 200);
    assert.match(codePage.text, /name="code"/);
    assert.match(codePage.text, /autocomplete="one-time-code"/);
    const cookies = codePage.headers["set-cookie"] as unknown as string[];
    assert.ok(!cookies.some((c) => c.startsWith("nrs_session_")), "no session before the code");
    assert.match(cookies.find((c) => c.startsWith("nrs_2fa=")) ?? "", /HttpOnly; SameSite=Strict/);
    await request(app).get("/app/data").set("Accept", "application/json").expect(401);

    const done = await codeStep(app, codePage, nowCode());
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, "/app/data");
    const data = await request(app).get("/app/data").set("Cookie", sessionCookie(done)).expect(200);
    assert.equal((data.body as { user: { username: string } }).user.username, "alice");
  });

  it("takes each code once: a replayed code is refused in the next login", async () => {
    const { ctx } = setup();
    const app = makeApp(ctx);
    const code = nowCode();
    assert.equal((await codeStep(app, await passwordStep(app, "alice"), code)).status, 303);
    const replay = await codeStep(app, await passwordStep(app, "alice"), code);
    assert.equal(replay.status, 401);
    assert.match(replay.text, /That code is not right/);
  });

  it("asks for the password again after five wrong codes", async () => {
    const { ctx } = setup();
    const app = makeApp(ctx);
    const codePage = await passwordStep(app, "alice");
    const wrong = nowCode() === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) assert.equal((await codeStep(app, codePage, wrong)).status, 401);
    const last = await codeStep(app, codePage, wrong);
    assert.match(last.text, /Please log in again/);
    assert.match(last.text, /name="password"/);
    // The pending login is gone: even the right code no longer works with it.
    const late = await codeStep(app, codePage, nowCode());
    assert.equal(late.status, 401);
    assert.ok(
      !((late.headers["set-cookie"] as unknown as string[] | undefined) ?? []).some((c) =>
        c.startsWith("nrs_session_"),
      ),
    );
  });

  it("keeps counting wrong codes when the password is posted again: only a whole login forgives them", async () => {
    const { ctx, store } = setup();
    // Each round on "another instance" (same store, its own cache of verified passwords) and from
    // another address, so neither the cache nor the per-address limit hides the user name's count.
    let current = ctx;
    const app = gateApp(() => current, { trustProxy: true }).app;
    const wrong = nowCode() === "000000" ? "111111" : "000000";
    let lockedAfter = 0;
    for (let round = 1; round <= 5 && lockedAfter === 0; round++) {
      current = { ...ctx, verifier: new CredentialVerifier({ pool, store, namespace: "users-2fa" }) };
      const from = { "X-Forwarded-For": `203.0.113.${String(round)}` };
      const page = await request(app).get("/app/login").set(from).expect(200);
      const form = readLoginForm(page.text, page.headers["set-cookie"]);
      const codePage = await request(app)
        .post("/app/login")
        .set(from)
        .set("Cookie", form.csrfCookie)
        .type("form")
        .send({ username: "alice", password: PASSWORD, csrf: form.csrf, next: "/app/data" });
      if (codePage.status === 429) {
        lockedAfter = round;
        break;
      }
      for (let i = 0; i < 4; i++) {
        const cookies = codePage.headers["set-cookie"] as unknown as string[];
        const pending = cookies.find((c) => c.startsWith("nrs_2fa="))?.split(";")[0] ?? "";
        const codeForm = readLoginForm(codePage.text, cookies);
        const answer = await request(app)
          .post("/app/login")
          .set(from)
          .set("Cookie", `${codeForm.csrfCookie}; ${pending}`)
          .type("form")
          .send({ step: "code", code: wrong, csrf: codeForm.csrf });
        if (answer.status === 429) {
          lockedAfter = round;
          break;
        }
      }
    }
    // Ten free failures for a user name: the third round of guesses runs into the lock.
    assert.ok(lockedAfter > 0 && lockedAfter <= 3, `locked after round ${String(lockedAfter)}`);
    // The right code after a whole login still forgives: a user without a lock logs in and is reset.
    const bobPage = await passwordStep(app, "bob");
    assert.equal(bobPage.status, 303);
  });

  it("asks for a login again sooner at a gate that requires a second factor (12 hours unless set)", async () => {
    const { ctx } = setup();
    const strict = gateApp(() => ctx, { requireSecondFactor: true });
    assert.equal(strict.gate.options.maxLoginMs, 12 * 3_600_000);
    assert.equal(gateApp(() => ctx).gate.options.maxLoginMs, undefined);
    const done = await codeStep(strict.app, await passwordStep(strict.app, "alice"), nowCode());
    assert.equal(done.status, 303);
    const set = (done.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("nrs_session_")) ?? "";
    // The users list keeps sessions one hour here: the shorter of the two limits holds.
    assert.match(set, /Max-Age=3600;/);

    // A gate set to a very short login: the same session works at first, then no longer.
    const { ctx: ctx2 } = setup();
    const brief = gateApp(() => ctx2, { maxLoginMs: 400 }).app;
    const login = await codeStep(brief, await passwordStep(brief, "alice"), nowCode());
    const cookie = sessionCookie(login);
    assert.ok((login.headers["set-cookie"] as unknown as string[]).some((c) => /^nrs_session_.*Max-Age=1;/.test(c)));
    await request(brief).get("/app/data").set("Cookie", cookie).expect(200);
    await new Promise((r) => setTimeout(r, 600));
    // An expired login is shown the login page again, in place.
    const again = await request(brief).get("/app/data").set("Cookie", cookie).set("Accept", "text/html").expect(401);
    assert.match(again.text, /<form[^>]+method="post"/);
  });

  it("sends the login back only to this site after the code step too, however the target is spelled", async () => {
    for (const next of ["/.//evil.com", "/%2e//evil.com", "/app/..//evil.com"]) {
      // A fresh list each time: a code is accepted once per user.
      const app = makeApp(setup().ctx);
      const page = await request(app)
        .get(`/app/login?next=${encodeURIComponent(next)}`)
        .expect(200);
      const form = readLoginForm(page.text, page.headers["set-cookie"]);
      const codePage = await request(app)
        .post("/app/login")
        .set("Cookie", form.csrfCookie)
        .type("form")
        .send({ username: "alice", password: PASSWORD, csrf: form.csrf, next });
      assert.equal(codePage.status, 200);
      const cookies = codePage.headers["set-cookie"] as unknown as string[];
      const pending = cookies.find((c) => c.startsWith("nrs_2fa="))?.split(";")[0] ?? "";
      const codeForm = readLoginForm(codePage.text, cookies);
      const done = await request(app)
        .post("/app/login")
        .set("Cookie", `${codeForm.csrfCookie}; ${pending}`)
        .type("form")
        .send({ step: "code", code: nowCode(), csrf: codeForm.csrf, next });
      assert.equal(done.status, 303);
      const location = String(done.headers.location);
      assert.ok(location.startsWith("/") && !location.startsWith("//"), `${next} → ${location}`);
    }
  });

  it("accepts each recovery code once, and reports it used", async () => {
    const { codes, hashes } = makeRecoveryCodes(3);
    const { ctx, used } = setup(hashes);
    const app = makeApp(ctx);
    const first = codes[0] ?? "";
    assert.equal((await codeStep(app, await passwordStep(app, "alice"), first.toUpperCase())).status, 303);
    assert.deepEqual(used, [hashes[0]]);
    assert.equal((await codeStep(app, await passwordStep(app, "alice"), first)).status, 401);
  });

  it("refuses Basic for a user with a second factor, and lets other users use it", async () => {
    const { ctx } = setup();
    const app = makeApp(ctx);
    const res = await request(app).get("/app/data").set("Authorization", basic("alice", PASSWORD)).expect(403);
    assert.equal((res.body as { reason: string }).reason, "second-factor-required");
    assert.match((res.body as { error: string }).error, /second factor is required/);
    await request(app).get("/app/data").set("Authorization", basic("bob", PASSWORD)).expect(200);
  });

  it("with 'require a second factor': refuses Basic at once and users without an app, not old sessions' owners", async () => {
    const { ctx } = setup();
    const strict = makeApp(ctx, { requireSecondFactor: true });
    const lax = makeApp(ctx);
    const refused = await request(strict).get("/app/data").set("Authorization", basic("bob", PASSWORD)).expect(403);
    assert.match((refused.body as { error: string }).error, /second factor is required/);

    const bobPage = await passwordStep(strict, "bob");
    assert.equal(bobPage.status, 403);
    assert.match(bobPage.text, /needs a second factor/);

    // Bob's session from the gate that needs no second factor does not open the strict one.
    const bobLax = await passwordStep(lax, "bob");
    assert.equal(bobLax.status, 303);
    const bobCookie = sessionCookie(bobLax);
    await request(lax).get("/app/data").set("Cookie", bobCookie).expect(200);
    await request(strict).get("/app/data").set("Cookie", bobCookie).set("Accept", "application/json").expect(401);

    const alice = await codeStep(strict, await passwordStep(strict, "alice"), nowCode());
    assert.equal(alice.status, 303);
    await request(strict).get("/app/data").set("Cookie", sessionCookie(alice)).expect(200);
  });

  it("keeps a pending login under a hash of its token; a wrong code racing the right one leaves it used", async () => {
    const { ctx, store } = setup();
    const app = makeApp(ctx);
    const codePage = await passwordStep(app, "alice");
    const cookies = codePage.headers["set-cookie"] as unknown as string[];
    const token = /^nrs_2fa=([^;]+)/.exec(cookies.find((c) => c.startsWith("nrs_2fa=")) ?? "")?.[1] ?? "";
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const pending = store.values<{ username: string }>("users-2fa:pending", 10);
    assert.equal(await pending.get(token), undefined, "nothing is kept under the cookie's token");
    const key = createHash("sha256").update(token).digest("base64url");
    const held = await pending.get(key);
    assert.equal(held?.username, "alice");
    assert.ok(!JSON.stringify(held).includes(token));

    // A wrong code reads the pending login; the right code takes it before the wrong one writes its try.
    const factor = ctx.secondFactor!;
    const read = pending.get.bind(pending);
    let first = true;
    pending.get = async (k) => {
      const found = await read(k);
      if (first) {
        first = false;
        assert.equal((await factor.check(token, ctx.users, nowCode())).ok, true, "the right code logs in");
      }
      return found;
    };
    const wrongCode = nowCode() === "000000" ? "111111" : "000000";
    const wrong = await factor.check(token, ctx.users, wrongCode);
    assert.deepEqual(wrong, { ok: false, reason: "expired", username: "alice", next: "/app/data" });
    assert.equal(await read(key), undefined, "the used pending login stays used");
  });

  it("refuses everyone with 503 'store unavailable' while the store is down, and recovers", async () => {
    const { ctx, store } = setup();
    const app = makeApp(ctx);
    const bob = await passwordStep(app, "bob");
    const cookie = sessionCookie(bob);
    await request(app).get("/app/data").set("Cookie", cookie).expect(200);

    store.down = true;
    const refused = await request(app)
      .get("/app/data")
      .set("Cookie", cookie)
      .set("Accept", "application/json")
      .expect(503);
    assert.equal((refused.body as { error: string }).error, "store unavailable");
    await request(app).get("/app/data").set("Authorization", basic("bob", PASSWORD)).expect(503);
    const page = await request(app).get("/app/login").expect(200);
    const form = readLoginForm(page.text, page.headers["set-cookie"]);
    const login = await request(app)
      .post("/app/login")
      .set("Cookie", form.csrfCookie)
      .type("form")
      .send({ username: "bob", password: PASSWORD, csrf: form.csrf, next: "/app/data" });
    assert.equal(login.status, 503);
    assert.match(login.text, /session store does not answer/);
    assert.ok(
      !((login.headers["set-cookie"] as unknown as string[] | undefined) ?? []).some((c) =>
        c.startsWith("nrs_session_"),
      ),
    );

    store.down = false;
    await request(app).get("/app/data").set("Cookie", cookie).expect(200);
  });
});
