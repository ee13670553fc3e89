// `api-key` for users of a settings.js list or file: the key is printed once, the record holds only a
// hash of it, and the record works in a users file behind a real factory.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import request from "supertest";
import type { ApiKeyRecord } from "../../../src/auth/api-keys";
import { httpNode } from "../../../src/middleware";
import { runCli } from "../../support/cli";
import { STRONG_10 } from "../../support/hashes";

describe("CLI api-key", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "nrs-keys-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the key once and a record with only its hash, which a users file then accepts", async () => {
    const r = await runCli(["api-key", "ann", "--name", "thermostat", "--roles", "sensors", "--days", "30", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const { key, record } = JSON.parse(r.stdout) as { key: string; record: ApiKeyRecord };
    assert.match(key, /^nrs_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = key.split("_").slice(2).join("_");
    assert.ok(!JSON.stringify(record).includes(secret), "the record must not hold the key");
    assert.equal(record.username, "ann");
    assert.deepEqual(record.roles, ["sensors"]);
    assert.ok((record.expiresAt ?? 0) > Date.now() + 29 * 86_400_000);

    const file = join(dir, "users.json");
    writeFileSync(
      file,
      JSON.stringify({
        users: [{ username: "ann", password: STRONG_10, roles: ["family", "sensors"] }],
        apiKeys: [record],
      }),
    );
    const app = express();
    app.get(/.*/, httpNode({ users: file, method: "basic" }), (req, res) => {
      res.json({ user: (req as { user?: unknown }).user ?? null });
    });
    const ok = await request(app).get("/temperature").set("Authorization", `Bearer ${key}`).expect(200);
    assert.deepEqual(ok.body, { user: { username: "ann", roles: ["sensors"] } });
    await request(app).get("/temperature").set("X-API-Key", key).expect(200);
    await request(app)
      .get("/temperature")
      .set("X-API-Key", `${key.slice(0, -2)}zz`)
      .expect(401);
  });

  it("prints words for people by default", async () => {
    const r = await runCli(["api-key", "ann", "--name", "garage door"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /shown once/);
    assert.match(r.stdout, /^ {2}nrs_[a-f0-9]{16}_\S{43}$/m);
    assert.match(r.stdout, /"name":"garage door"/);
  });

  it("explains what is missing or wrong, with exit code 2", async () => {
    const noUser = await runCli(["api-key", "--name", "x"]);
    assert.equal(noUser.code, 2);
    assert.match(noUser.stderr, /needs the user name/);
    const noName = await runCli(["api-key", "ann"]);
    assert.match(noName.stderr, /needs --name/);
    const badDays = await runCli(["api-key", "ann", "--name", "x", "--days", "0"]);
    assert.equal(badDays.code, 2);
    assert.match(badDays.stderr, /--days must be a whole number/);
    assert.equal(badDays.stdout, "");
  });
});
