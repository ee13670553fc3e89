// The auth users node's admin endpoints: passwords are hashed on the server and only "set" comes back.
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import authUsers from "../../src/nodes/auth-users";
import { helper } from "../support/gate-helper";
import { STRONG_10, TEMPLATE_HASH } from "../support/hashes";

interface Creds {
  hashes?: string;
}

describe("auth users admin endpoints (test helper)", function () {
  this.timeout(30_000);
  const flow = [
    { id: "users", type: "auth-users", accounts: [{ id: "u1", username: "alice", roles: [], enabled: true }] },
  ];

  afterEach(async () => {
    await helper.unload();
  });

  function hashes(): Record<string, string> {
    const creds = (helper as unknown as { credentials: { get(id: string): Creds | undefined } }).credentials.get(
      "users",
    );
    return JSON.parse(creds?.hashes ?? "{}") as Record<string, string>;
  }

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
