// The auth users node's admin endpoints: passwords are hashed on the server and only "set" comes back.
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import authUsers from "../../src/nodes/auth-users";
import { helper } from "../support/gate-helper";
import { STRONG_10, STRONG_12, STRONG_PASSWORD, TEMPLATE_HASH } from "../support/hashes";
import type { AuthUsersNode } from "../../src/nodes/auth-users";
import type { UsersContext } from "../../src/auth/users-context";

interface Creds {
  hashes?: string;
  rehashed?: string;
}

describe("auth users admin endpoints (test helper)", function () {
  this.timeout(30_000);
  const flow = [
    { id: "users", type: "auth-users", accounts: [{ id: "u1", username: "alice", roles: [], enabled: true }] },
  ];

  afterEach(async () => {
    await helper.unload();
  });

  function credentials(): Creds {
    return (
      (helper as unknown as { credentials: { get(id: string): Creds | undefined } }).credentials.get("users") ?? {}
    );
  }

  function hashes(): Record<string, string> {
    return JSON.parse(credentials().hashes ?? "{}") as Record<string, string>;
  }

  function context(): UsersContext {
    const ctx = (helper.getNode("users") as AuthUsersNode).usersContext();
    if (ctx instanceof Error) throw ctx;
    return ctx;
  }

  it("re-hashes a cheaper hash at the list's cost after a login, into the credentials, keeping sessions", async () => {
    const twoUsers = [
      {
        id: "users",
        type: "auth-users",
        accounts: [
          { id: "u1", username: "alice", roles: [], enabled: true },
          { id: "u2", username: "bob", roles: [], enabled: true },
        ],
      },
    ];
    await helper.load(authUsers, twoUsers, { users: { hashes: JSON.stringify({ u1: STRONG_10, u2: STRONG_12 }) } });
    const before = context();
    const cookie = await before.sessions.create("alice", STRONG_10);
    assert.equal((await before.verifier.verify(before.users, "alice", STRONG_PASSWORD, "10.0.0.1")).allow, true);
    const deadline = Date.now() + 20_000;
    while (!hashes().u1?.startsWith("$2b$12$") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const raised = hashes().u1 ?? "";
    assert.match(raised, /^\$2b\$12\$/, "alice's hash was raised to the list's cost");
    assert.equal(await bcrypt.compare(STRONG_PASSWORD, raised), true);
    assert.equal(hashes().u2, STRONG_12, "bob's hash is left alone");
    assert.ok(!(credentials().rehashed ?? "").includes(STRONG_10), "only fingerprints of the old hash are kept");

    // The next deploy uses the new hash; alice's session from before the re-hash stays valid.
    const deployer = helper as unknown as { setFlows(f: unknown[], type: string, creds: unknown): Promise<void> };
    await deployer.setFlows(twoUsers, "full", { users: credentials() });
    const after = context();
    assert.equal(after.users.find("alice")?.hash, raised);
    assert.ok(await after.sessions.resolve(cookie, after.users), "the re-hash ended alice's session");
    assert.equal((await after.verifier.verify(after.users, "alice", STRONG_PASSWORD, "10.0.0.1")).allow, true);

    // A real password change still ends it.
    await helper
      .request()
      .post("/auth-users/users/passwords")
      .send({ set: { u1: "Quiet-Harbour-77-x" } })
      .expect(200);
    await deployer.setFlows(twoUsers, "full", { users: credentials() });
    const changed = context();
    assert.equal(await changed.sessions.resolve(cookie, changed.users), undefined);
  });

  it("hashes a new password on the server and answers only that it is set", async () => {
    await helper.load(authUsers, flow, {});
    const res = await helper
      .request()
      .post("/auth-users/users/passwords")
      .send({ set: { u1: "Quiet-Harbour-77-x" }, cost: 10 })
      .expect(200)
      .expect("Cache-Control", "no-store");
    assert.deepEqual(res.body, { users: { u1: { hasPassword: true, cost: 10 } }, warnings: {} });
    const stored = hashes().u1 ?? "";
    assert.equal(await bcrypt.compare("Quiet-Harbour-77-x", stored), true);
    assert.ok(!res.text.includes(stored) && !res.text.includes("Quiet-Harbour"));
    const summary = await helper.request().get("/auth-users/users/passwords").expect(200);
    assert.deepEqual(summary.body, { users: { u1: { hasPassword: true, cost: 10 } } });
    assert.ok(!summary.text.includes("$2"));
  });

  it("warns about weak passwords but sets them", async () => {
    await helper.load(authUsers, flow, {});
    const res = await helper
      .request()
      .post("/auth-users/users/passwords")
      .send({ set: { u1: "changeme" }, cost: 10 })
      .expect(200);
    assert.deepEqual(res.body.warnings, { u1: ["shorter than 12 characters", "one of the most common passwords"] });
  });

  it("refuses empty passwords, low costs and bad ids with a code", async () => {
    await helper.load(authUsers, flow, {});
    const cases: [object, string][] = [
      [{ set: { u1: "" } }, "ERR_NRS_PASSWORD_EMPTY"],
      [{ set: { u1: 42 } }, "ERR_NRS_PASSWORD_TYPE"],
      [{ set: { u1: "long-enough-password" }, cost: 8 }, "ERR_NRS_COST"],
      [{ set: { "../x": "long-enough-password" } }, "ERR_NRS_USER_ID"],
      [{ set: null }, "ERR_NRS_INPUT"],
      [{ set: ["long-enough-password"] }, "ERR_NRS_INPUT"],
      [{ set: "long-enough-password" }, "ERR_NRS_INPUT"],
    ];
    for (const [body, code] of cases) {
      const res = await helper.request().post("/auth-users/users/passwords").send(body).expect(400);
      assert.equal(res.body.code, code);
    }
    await helper.request().get("/auth-users/..%2Fx/passwords").expect(400);
    assert.deepEqual(hashes(), {});
  });

  it("removes the passwords of removed users", async () => {
    await helper.load(authUsers, flow, {
      users: { hashes: JSON.stringify({ u1: STRONG_10, gone: STRONG_10 }) },
    });
    const res = await helper
      .request()
      .post("/auth-users/users/passwords")
      .send({ remove: ["gone"] })
      .expect(200);
    assert.deepEqual(Object.keys(res.body.users), ["u1"]);
    assert.deepEqual(Object.keys(hashes()), ["u1"]);
  });

  it("imports users from a settings.js adminAuth list, keeping only bcrypt hashes", async () => {
    await helper.load(authUsers, flow, {});
    const text = `users: [
      { username: "admin", password: "${STRONG_10}", permissions: "*" },
      { username: "old", password: "${TEMPLATE_HASH}", permissions: "read" },
      { username: "plain", password: "hunter2" }
    ]`;
    const res = await helper.request().post("/auth-users/users/import").send({ text }).expect(200);
    assert.deepEqual(
      res.body.users.map((u: { username: string; roles: string[] }) => [u.username, u.roles]),
      [
        ["admin", ["admin"]],
        ["old", ["read"]],
      ],
    );
    assert.deepEqual(res.body.rejected, [{ username: "plain", reason: "the password is not a bcrypt hash" }]);
    assert.deepEqual(res.body.cheap, ["old"]);
    assert.ok(!res.text.includes("$2"), "the hashes came back");
    const stored = hashes();
    assert.equal(Object.keys(stored).length, 2);
    assert.ok(Object.values(stored).includes(STRONG_10));
    const bad = await helper.request().post("/auth-users/users/import").send({ text: "not a list" }).expect(400);
    assert.equal(bad.body.code, "ERR_NRS_IMPORT");
  });
});
