// The settings.js factories on a plain Express app: what they let through, what they refuse, and how
// a broken users source fails closed with words that say what to fix.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express, { type RequestHandler } from "express";
import request from "supertest";
import { type ApiKeyRecord, makeApiKey } from "../../../src/auth/api-keys";
import { httpNode, users } from "../../../src/middleware";
import { STRONG_10, STRONG_PASSWORD } from "../../support/hashes";

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

function appWith(middleware: RequestHandler): express.Express {
  const app = express();
  app.get(/.*/, middleware, (req, res) => {
    res.json({ user: (req as { user?: unknown }).user ?? null });
  });
  return app;
}

/** Runs `fn` with console.error captured. */
function capturingErrors<T>(fn: () => T): { value: T; logged: string } {
  const original = console.error;
  let logged = "";
  console.error = (...args: unknown[]) => {
    logged += args.map(String).join(" ");
  };
  try {
    return { value: fn(), logged };
  } finally {
    console.error = original;
  }
}

describe("settings.js factories", () => {
  const dir = mkdtempSync(join(tmpdir(), "nrs-users-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const ann = { username: "ann", password: STRONG_10, roles: ["family"] };
  const bob = { username: "bob", password: STRONG_10, roles: ["admin"] };

  it("lets users of the list in with Basic, and refuses strangers and wrong passwords", async () => {
    const app = appWith(httpNode({ users: [ann], method: "basic" }));
    const ok = await request(app).get("/heating").set("Authorization", basic("ann", STRONG_PASSWORD)).expect(200);
    assert.deepEqual(ok.body, { user: { username: "ann", roles: ["family"] } });
    await request(app)
      .get("/heating")
      .expect(401)
      .expect("WWW-Authenticate", /^Basic realm=/);
    await request(app).get("/heating").set("Authorization", basic("ann", "not-the-password")).expect(401);
    await request(app).get("/heating").set("Authorization", "Basic %%%").expect(400);
  });

  it("keeps public paths open and asks for roles where rules say so", async () => {
    const app = appWith(
      httpNode({
        users: [ann, bob],
        method: "basic",
        publicPaths: ["/health"],
        rules: [{ path: "/admin", roles: ["admin"] }],
      }),
    );
    await request(app).get("/health").expect(200);
    await request(app).get("/health/deep").expect(200);
    await request(app).get("/healthy").expect(401);
    await request(app).get("/admin/reset").set("Authorization", basic("ann", STRONG_PASSWORD)).expect(403);
    await request(app).get("/admin/reset").set("Authorization", basic("bob", STRONG_PASSWORD)).expect(200);
    await request(app).get("/ADMIN/reset").set("Authorization", basic("ann", STRONG_PASSWORD)).expect(403);
  });

  it("refuses plain-text passwords: says so, and fails closed", async () => {
    const { value: mw, logged } = capturingErrors(() =>
      httpNode({ users: [{ username: "ann", password: "hunter2-is-plain" }], method: "basic" }),
    );
    assert.match(String(mw.problem), /password of "ann" is not a bcrypt hash/);
    assert.match(logged, /Plain-text passwords are refused/);
    assert.ok(!logged.includes("hunter2"), "the password itself was logged");
    const res = await request(appWith(mw)).get("/x").set("Authorization", basic("ann", "hunter2-is-plain"));
    assert.equal(res.status, 503);
    assert.ok(!res.text.includes("at "), "a stack trace was sent");
  });

  it("reads a users file, and says what is wrong with a missing or corrupt one", async () => {
    const good = join(dir, "users.json");
    writeFileSync(good, JSON.stringify({ users: [ann] }));
    const app = appWith(httpNode({ users: good, method: "basic" }));
    await request(app).get("/x").set("Authorization", basic("ann", STRONG_PASSWORD)).expect(200);

    const corrupt = join(dir, "corrupt.json");
    writeFileSync(corrupt, "{ users: [");
    const broken = capturingErrors(() => httpNode({ users: corrupt }));
    assert.match(String(broken.value.problem), /corrupt\.json is not valid JSON/);
    await request(appWith(broken.value)).get("/x").expect(503);

    const missing = capturingErrors(() => httpNode({ users: join(dir, "nope.json") }));
    assert.match(String(missing.value.problem), /nope\.json.*ENOENT|ENOENT.*nope\.json/);
  });

  it("waits for an auth-users node named by id, refusing meanwhile without calling it a settings error", async () => {
    const { value: mw, logged } = capturingErrors(() => httpNode({ users: "a1b2c3d4e5f6", method: "basic" }));
    assert.equal(mw.problem, undefined);
    assert.equal(logged, "");
    const res = await capturingErrors(() => request(appWith(mw)).get("/x").set("Accept", "application/json")).value;
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { error: "no users configured", reason: "not-configured" });
  });

  it("refuses unusable options with a clear problem", () => {
    const bad = capturingErrors(() => httpNode({ users: [ann], method: "digest" as never }));
    assert.match(String(bad.value.problem), /method must be "both", "form" or "basic"/);
    const noUsers = capturingErrors(() => httpNode({} as never));
    assert.match(String(noUsers.value.problem), /options.users must be/);
  });

  it("takes API keys of list users, and refuses broken key records or keys of unknown users", async () => {
    const made = makeApiKey("ann", "thermostat", [], Date.now());
    const app = appWith(httpNode({ users: users([ann], { apiKeys: [made.record] }), method: "basic" }));
    const ok = await request(app).get("/heating").set("Authorization", `Bearer ${made.key}`).expect(200);
    assert.deepEqual(ok.body, { user: { username: "ann", roles: ["family"] } });

    const { value: broken, logged } = capturingErrors(() =>
      httpNode({ users: users([ann], { apiKeys: [{ id: "x" } as unknown as ApiKeyRecord] }), method: "basic" }),
    );
    assert.match(logged, /API key #1 is not one of the records made by "npx node-red-contrib-security api-key"/);
    await request(appWith(broken)).get("/heating").set("Authorization", `Bearer ${made.key}`).expect(503);

    const stranger = makeApiKey("zoe", "phone", [], Date.now()).record;
    const { logged: unknownUser } = capturingErrors(() =>
      httpNode({ users: users([ann], { apiKeys: [stranger] }), method: "basic" }),
    );
    assert.match(unknownUser, /the API key "phone" is for "zoe", who is not in the users list/);
  });

  it("shares one source between factories: one login counts for all", () => {
    const shared = users([ann]);
    assert.equal(users([ann]).provider(), shared.provider(), "the same list made two user stores");
    assert.notEqual(users([ann], { sessionIdleMinutes: 5 }).provider(), shared.provider());
  });
});
