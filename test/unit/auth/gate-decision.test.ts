// The gate's decision without HTTP: credentials as a request carried them, real users, verifier,
// sessions and API keys, and the Decision that comes out.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { ApiKeyStore, makeApiKey } from "../../../src/auth/api-keys";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import type { Decision } from "../../../src/auth/decision";
import { type GateCredentials, GateDecision, type GatePolicy } from "../../../src/auth/gate-decision";
import { sessionCookieName } from "../../../src/auth/gate-paths";
import { MemoryStore } from "../../../src/auth/memory-store";
import { SessionStore } from "../../../src/auth/sessions";
import { makeTotpSecret } from "../../../src/auth/totp";
import type { UsersContext } from "../../../src/auth/users-context";
import { UserDirectory } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";

const PASSWORD = "violet-Tractor-93-umbrella";
const HASH = bcrypt.hashSync(PASSWORD, 4);
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
const CLIENT = "192.0.2.7";
/** "allow", or the reason of a refusal. */
const reasonOf = (d: Decision): string => (d.allow ? "allow" : d.reason);

/** A memory store whose server "stops answering". */
class DownStore extends MemoryStore {
  override available(): boolean {
    return false;
  }
}

describe("gate decision (no HTTP)", function () {
  this.timeout(20_000);
  const pool = new BcryptPool({ workers: 1 });
  after(() => pool.stop());

  let now = Date.now();
  function context(store?: MemoryStore): UsersContext {
    const users = new UserDirectory([
      { username: "alice", roles: ["admin"], enabled: true, hash: HASH },
      { username: "bob", roles: ["family"], enabled: true, hash: HASH },
      { username: "carol", roles: ["admin"], enabled: false, hash: HASH },
      {
        username: "dave",
        roles: ["admin"],
        enabled: true,
        hash: HASH,
        totp: { secret: makeTotpSecret(), recovery: [] },
      },
    ]);
    const alicesKey = makeApiKey("alice", "sensor", [], Date.now());
    const ctx: UsersContext = {
      id: "users-1",
      users,
      verifier: new CredentialVerifier({ pool }),
      sessions: new SessionStore({
        secret: randomBytes(32),
        idleMs: 6 * 3_600_000,
        absoluteMs: 86_400_000,
        now: () => now,
        ...(store ? { store } : {}),
      }),
      apiKeys: new ApiKeyStore([alicesKey.record]),
    };
    keys.set(ctx, alicesKey.key);
    return ctx;
  }
  const keys = new WeakMap<UsersContext, string>();

  function gate(ctx: UsersContext | (() => UsersContext | Error), policy: Partial<GatePolicy> = {}): GateDecision {
    return new GateDecision({ method: "both", roles: [], ...policy }, typeof ctx === "function" ? ctx : () => ctx);
  }
  const creds = (more: Partial<GateCredentials> = {}): GateCredentials => ({ client: CLIENT, ...more });
  const cookies = (ctx: UsersContext, value: string) => new Map([[sessionCookieName(ctx.id), [value]]]);

  beforeEach(() => {
    now = Date.now();
  });

  it("lets the right Basic user name and password in, and says nothing about which one was wrong", async () => {
    const ctx = context();
    const allowed = await gate(ctx).decide(creds({ authorization: basic("alice", PASSWORD) }));
    assert.deepEqual(allowed, { allow: true, user: { username: "alice", roles: ["admin"] }, via: "basic" });
    const wrong = await gate(ctx).decide(creds({ authorization: basic("alice", "not-her-password") }));
    assert.deepEqual(wrong, { allow: false, reason: "bad-credentials", status: 401 });
    const nobody = await gate(ctx).decide(creds({ authorization: basic("mallory", PASSWORD) }));
    assert.deepEqual(nobody, wrong);
    const disabled = await gate(ctx).decide(creds({ authorization: basic("carol", PASSWORD) }));
    assert.deepEqual(disabled, wrong);
  });

  it("refuses a user without one of the gate's roles (403), and lets any role in when it names none", async () => {
    const ctx = context();
    const bob = creds({ authorization: basic("bob", PASSWORD) });
    assert.deepEqual(await gate(ctx, { roles: ["admin"] }).decide(bob), {
      allow: false,
      reason: "forbidden",
      status: 403,
    });
    assert.equal((await gate(ctx).decide(bob)).allow, true);
    assert.equal((await gate(ctx, { roles: ["admin", "family"] }).decide(bob)).allow, true);
  });

  it("asks for credentials: none, a browser page (to log in), a malformed header, a form-only gate", async () => {
    const ctx = context();
    assert.equal(reasonOf(await gate(ctx).decide(creds())), "missing-credentials");
    assert.equal(reasonOf(await gate(ctx).decide(creds({ wantsPage: true }))), "login-required");
    assert.equal(
      reasonOf(await gate(ctx, { method: "basic" }).decide(creds({ wantsPage: true }))),
      "missing-credentials",
    );
    assert.deepEqual(await gate(ctx).decide(creds({ authorization: "Basic %%%" })), {
      allow: false,
      reason: "malformed",
      status: 400,
    });
    // A form-only gate takes no Basic at all: only a session opens it.
    const formOnly = await gate(ctx, { method: "form" }).decide(creds({ authorization: basic("alice", PASSWORD) }));
    assert.deepEqual(formOnly, { allow: false, reason: "login-required", status: 401 });
  });

  it("takes an API key as Bearer or X-API-Key; another system's token counts as none", async () => {
    const ctx = context();
    const key = keys.get(ctx) ?? "";
    for (const given of [creds({ apiKey: key }), creds({ authorization: `Bearer ${key}` })]) {
      assert.deepEqual(await gate(ctx).decide(given), {
        allow: true,
        user: { username: "alice", roles: ["admin"] },
        via: "api-key",
        // The key's id (its first part), so that the connections it opens end with it.
        apiKeyId: key.split("_")[1],
      });
    }
    const forged = `${key.slice(0, -4)}AAAA`;
    assert.equal(reasonOf(await gate(ctx).decide(creds({ apiKey: forged }))), "bad-credentials");
    const foreign = await gate(ctx).decide(creds({ authorization: "Bearer eyJhbGciOi.something.else" }));
    assert.equal(reasonOf(foreign), "missing-credentials");
    assert.equal(reasonOf(await gate(ctx, { roles: ["family"] }).decide(creds({ apiKey: key }))), "forbidden");
  });

  it("lets a live session in (form gates too), not a forged one, nor one older than the gate accepts", async () => {
    const ctx = context();
    const value = await ctx.sessions.create("bob", HASH);
    const decision = await gate(ctx, { method: "form" }).decide(creds({ cookies: cookies(ctx, value) }));
    assert.ok(decision.allow);
    assert.equal(decision.via, "session");
    assert.deepEqual(decision.user, { username: "bob", roles: ["family"] });
    assert.equal(typeof decision.sessionId, "string");
    assert.equal(
      reasonOf(await gate(ctx, { roles: ["admin"] }).decide(creds({ cookies: cookies(ctx, value) }))),
      "forbidden",
    );
    const forged = `${value.slice(0, -3)}abc`;
    assert.equal(
      reasonOf(await gate(ctx, { method: "form" }).decide(creds({ cookies: cookies(ctx, forged) }))),
      "login-required",
    );
    // A login two hours old: still a live session, but not at a gate that accepts one hour.
    now = Date.now() - 2 * 3_600_000;
    const older = await ctx.sessions.create("bob", HASH);
    now = Date.now();
    const old = await gate(ctx, { method: "form", maxLoginMs: 3_600_000 }).decide(
      creds({ cookies: cookies(ctx, older) }),
    );
    assert.equal(reasonOf(old), "login-required");
    assert.equal((await gate(ctx, { method: "form" }).decide(creds({ cookies: cookies(ctx, older) }))).allow, true);
  });

  it("at a gate that requires a second factor: no Basic, no session from a password-only login", async () => {
    const ctx = context();
    const policy = { requireSecondFactor: true } as const;
    assert.deepEqual(await gate(ctx, policy).decide(creds({ authorization: basic("alice", "anything") })), {
      allow: false,
      reason: "second-factor-required",
      status: 403,
    });
    const passwordOnly = await ctx.sessions.create("alice", HASH, false);
    const withCode = await ctx.sessions.create("alice", HASH, true);
    const refused = await gate(ctx, { ...policy, method: "form" }).decide(
      creds({ cookies: cookies(ctx, passwordOnly) }),
    );
    assert.equal(reasonOf(refused), "login-required");
    assert.equal((await gate(ctx, policy).decide(creds({ cookies: cookies(ctx, withCode) }))).allow, true);
    // Anywhere, a password alone does not open the account of a user who has a second factor.
    const dave = await gate(ctx).decide(creds({ authorization: basic("dave", PASSWORD) }));
    assert.equal(reasonOf(dave), "second-factor-required");
  });

  it("locks a client out after repeated wrong passwords, even for the right one", async () => {
    const ctx = context();
    let last = await gate(ctx).decide(creds({ authorization: basic("alice", "wrong-0") }));
    for (let i = 1; i < 8 && !(!last.allow && last.reason === "locked"); i += 1) {
      last = await gate(ctx).decide(creds({ authorization: basic("alice", `wrong-${String(i)}`) }));
    }
    const right = await gate(ctx).decide(creds({ authorization: basic("alice", PASSWORD) }));
    assert.ok(!right.allow);
    assert.equal(right.reason, "locked");
    assert.equal(right.status, 429);
    assert.ok((right.retryAfterSeconds ?? 0) > 0);
    // Another client is not locked by it.
    const other = await gate(ctx).decide({ client: "198.51.100.9", authorization: basic("bob", PASSWORD) });
    assert.equal(other.allow, true);
  });

  it("fails closed: no users configuration, a provider that throws, a store that does not answer", async () => {
    const notConfigured = { allow: false, reason: "not-configured", status: 503 };
    const right = creds({ authorization: basic("alice", PASSWORD) });
    assert.deepEqual(await gate(() => new Error("no users")).decide(right), notConfigured);
    assert.deepEqual(
      await gate(() => {
        throw new Error("boom");
      }).decide(right),
      notConfigured,
    );
    assert.deepEqual(await gate(context(new DownStore())).decide(right), {
      allow: false,
      reason: "store-unavailable",
      status: 503,
    });
  });

  it("checks the login form's password against the gate's roles", async () => {
    const ctx = context();
    const from = { client: CLIENT };
    assert.equal((await gate(ctx).checkPassword("bob", PASSWORD, from, "form")).allow, true);
    const forbidden = await gate(ctx, { roles: ["admin"] }).checkPassword("bob", PASSWORD, from, "form");
    assert.equal(reasonOf(forbidden), "forbidden");
    const wrong = await gate(ctx).checkPassword("bob", "nope", from, "form");
    assert.equal(reasonOf(wrong), "bad-credentials");
  });
});
