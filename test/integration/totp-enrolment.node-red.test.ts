// Second-factor enrolment in a real Node-RED with adminAuth: the secret leaves the server once and is
// saved (encrypted, in the stored format the login side reads) only after a right code; recovery codes
// are shown once; wrong codes, bad ids and read-only users are refused; nothing lists a secret again.
import assert from "node:assert/strict";
import { createDecipheriv, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TOTP_PERIOD, matchRecoveryCode, totpCode } from "../../src/auth/totp";
import { readUsersCredentials } from "../../src/runtime/users-credentials";
import { deploy } from "../support/deploy";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { adminToken, startNodeRed, type RunningNodeRed } from "../support/node-red";

const FLOWS = [
  { id: "t1", type: "tab", label: "Home" },
  {
    id: "users1",
    type: "auth-users",
    name: "Our home",
    accounts: [
      { id: "u1", username: "anna", roles: ["admin"], enabled: true },
      { id: "u2", username: "ben", roles: [], enabled: true },
      { id: "u3", username: "carl", roles: [], enabled: true },
    ],
    cost: 10,
    rev: 0,
  },
];

/** The credentials Node-RED saved, decrypted as Node-RED does (aes-256-ctr, key = SHA-256 of the secret). */
function savedCredentials(userDir: string): Record<string, Record<string, unknown>> {
  const file = JSON.parse(readFileSync(join(userDir, "flows_cred.json"), "utf8")) as { $: string };
  const key = createHash("sha256").update("test-credential-secret").digest();
  const decipher = createDecipheriv("aes-256-ctr", key, Buffer.from(file.$.slice(0, 32), "hex"));
  const text = decipher.update(file.$.slice(32), "base64", "utf8") + decipher.final("utf8");
  return JSON.parse(text) as Record<string, Record<string, unknown>>;
}

/** A six-digit code that is none of the codes accepted now (one step of skew either way). */
function wrongCode(secret: string): string {
  const now = Date.now() / 1000;
  const right = new Set([-2, -1, 0, 1, 2].map((step) => totpCode(secret, now + step * TOTP_PERIOD)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!right.has(code)) return code;
  }
}

describe("second-factor enrolment in a real Node-RED", function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  let admin = "";
  let viewer = "";
  let secret = "";
  let firstCodes: string[] = [];

  const call = (method: string, path: string, body?: unknown, token = admin): Promise<Response> =>
    fetch(`${red.url}/auth-users/users1/totp${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const errorOf = async (res: Response): Promise<{ error: string; code: string }> =>
    (await res.json()) as { error: string; code: string };

  before(async () => {
    red = await startNodeRed({
      flows: FLOWS,
      settings: `adminAuth: {
        type: "credentials",
        users: [
          { username: "admin", password: "${STRONG_10}", permissions: "*" },
          { username: "viewer", password: "${STRONG_10}", permissions: "read" }
        ]
      },`,
    });
    admin = await adminToken(red.url, "admin", STRONG_PASSWORD);
    viewer = await adminToken(red.url, "viewer", STRONG_PASSWORD);
  });
  after(async () => {
    await red.stop();
  });

  it("gives the secret once, and saves it only after a right code, with ten one-time recovery codes", async () => {
    const started = await call("POST", "/u1/start", { username: "anna" });
    assert.equal(started.status, 200);
    assert.equal(started.headers.get("cache-control"), "no-store");
    const { uri, secret: given } = (await started.json()) as { uri: string; secret: string };
    secret = given;
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const parsed = new URL(uri);
    assert.equal(parsed.protocol, "otpauth:");
    assert.equal(parsed.host, "totp");
    assert.equal(parsed.searchParams.get("secret"), secret);
    // The deployed list's name is the issuer the app shows.
    assert.equal(parsed.searchParams.get("issuer"), "Our home");
    assert.equal(decodeURIComponent(parsed.pathname), "/Our home:anna");
    assert.deepEqual(((await (await call("GET", "")).json()) as { users: object }).users, {}, "saved before confirm");

    const confirmed = await call("POST", "/u1/confirm", { code: totpCode(secret, Date.now() / 1000) });
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.headers.get("cache-control"), "no-store");
    firstCodes = ((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes;
    assert.equal(firstCodes.length, 10);
    assert.equal(new Set(firstCodes).size, 10);
    for (const code of firstCodes) assert.match(code, /^[a-z2-9]{4}(?:-[a-z2-9]{4}){5}$/);

    const again = await call("POST", "/u1/confirm", { code: totpCode(secret, Date.now() / 1000) });
    assert.equal(again.status, 409, "a confirmed set-up cannot be confirmed twice");
  });

  it("lists who has a second factor, never a secret or a hash", async () => {
    const res = await call("GET", "");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const text = await res.text();
    assert.ok(!text.includes(secret), "the list holds the secret");
    assert.ok(!/[a-f0-9]{64}/.test(text), "the list holds a hash");
    const { users } = JSON.parse(text) as { users: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(users), ["u1"]);
    assert.equal(users.u1?.enrolled, true);
    assert.equal(users.u1.recoveryLeft, 10);
    assert.ok(typeof users.u1.enrolledAt === "number" && Math.abs(users.u1.enrolledAt - Date.now()) < 60_000);
  });

  it("keeps the secret out of the flows and the editor's credentials, and saves it encrypted at deploy", async () => {
    const flows = await fetch(`${red.url}/flows`, {
      headers: { Authorization: `Bearer ${admin}`, "Node-RED-API-Version": "v2" },
    });
    assert.equal(flows.status, 200);
    assert.ok(!(await flows.text()).includes(secret), "GET /flows shows the secret");
    const creds = await fetch(`${red.url}/credentials/auth-users/users1`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    const credsText = await creds.text();
    assert.ok(!credsText.includes(secret), "the editor's credentials show the secret");
    assert.equal((JSON.parse(credsText) as Record<string, unknown>).has_totp, true);

    await deploy(red, FLOWS, ["users1"], admin);
    const onDisk = readFileSync(join(red.userDir, "flows_cred.json"), "utf8");
    assert.ok(!onDisk.includes(secret), "the secret is stored in the clear");
    // The stored format is what the login side reads.
    const saved = savedCredentials(red.userDir).users1;
    assert.ok(typeof saved?.sessionSecret === "string", "the other credentials were kept");
    assert.equal(typeof saved.totp, "string");
    const stored = readUsersCredentials(saved).totp;
    assert.deepEqual(Object.keys(stored), ["u1"]);
    assert.equal(stored.u1?.secret, secret);
    assert.equal(stored.u1.recovery.length, 10);
    assert.equal(matchRecoveryCode(stored.u1.recovery, firstCodes[3] ?? ""), 3);
  });

  it("refuses wrong codes, and after five of them the set-up must start again", async () => {
    const early = await call("POST", "/u2/confirm", { code: "123456" });
    assert.equal(early.status, 409, "confirm without start");
    assert.match((await errorOf(early)).error, /set up again/);

    const started = await call("POST", "/u2/start", { username: "ben" });
    const pending = ((await started.json()) as { secret: string }).secret;
    const wrong = wrongCode(pending);
    for (let i = 1; i <= 5; i++) {
      const res = await call("POST", "/u2/confirm", { code: wrong });
      assert.equal(res.status, 400, `wrong code ${String(i)}`);
      assert.equal((await errorOf(res)).code, i < 5 ? "ERR_NRS_TOTP_CODE" : "ERR_NRS_TOTP_TOO_MANY");
    }
    const late = await call("POST", "/u2/confirm", { code: totpCode(pending, Date.now() / 1000) });
    assert.equal(late.status, 409, "the secret was dropped after five wrong codes");
    const { users } = (await (await call("GET", "")).json()) as { users: Record<string, unknown> };
    assert.equal(users.u2, undefined);
    assert.equal((await call("POST", "/u2/confirm", { code: 123456 })).status, 409);
  });

  it("refuses to set up users of a list that is not deployed, users not deployed, or users already set up", async () => {
    const enrolled = await call("POST", "/u1/start", { username: "anna" });
    assert.equal(enrolled.status, 409);
    assert.equal((await errorOf(enrolled)).code, "ERR_NRS_TOTP_ENROLLED");
    const newUser = await call("POST", "/u9/start", { username: "dora" });
    assert.equal(newUser.status, 409);
    assert.match((await errorOf(newUser)).error, /[Dd]eploy/);
    const otherList = await fetch(`${red.url}/auth-users/nothere/totp/u1/start`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ username: "anna" }),
    });
    assert.equal(otherList.status, 409);
  });

  it("replaces all recovery codes with new ones, shown once", async () => {
    const res = await call("POST", "/u1/recovery");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const codes = ((await res.json()) as { recoveryCodes: string[] }).recoveryCodes;
    assert.equal(codes.length, 10);
    assert.equal(new Set([...codes, ...firstCodes]).size, 20);
    await deploy(red, FLOWS, ["users1"], admin);
    const stored = readUsersCredentials(savedCredentials(red.userDir).users1).totp;
    assert.equal(stored.u1?.secret, secret, "the secret stays");
    for (const old of firstCodes) assert.equal(matchRecoveryCode(stored.u1.recovery, old), -1);
    assert.equal(matchRecoveryCode(stored.u1.recovery, codes[0] ?? ""), 0);
    assert.equal((await call("POST", "/u3/recovery")).status, 404, "no second factor, no recovery codes");
  });

  it("refuses bad ids", async () => {
    const bad = [
      ["POST", `/auth-users/users1/totp/${encodeURIComponent("u 1")}/start`],
      ["POST", `/auth-users/${encodeURIComponent("users 1")}/totp/u1/confirm`],
      ["POST", `/auth-users/users1/totp/${"u".repeat(65)}/recovery`],
      ["DELETE", `/auth-users/users1/totp/${encodeURIComponent("u1<")}`],
      ["GET", `/auth-users/${encodeURIComponent("a:b")}/totp`],
    ] as const;
    for (const [method, path] of bad) {
      const res = await fetch(`${red.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ username: "x", code: "123456" }) } : {}),
      });
      assert.equal(res.status, 400, `${method} ${path}`);
      assert.equal((await errorOf(res)).code, "ERR_NRS_NODE_ID");
    }
  });

  it("lets a read-only user see who has a second factor, and nothing more", async () => {
    assert.equal((await call("GET", "", undefined, viewer)).status, 200);
    assert.equal((await call("GET", "", undefined, "")).status, 401, "anonymous");
    for (const [method, path] of [
      ["POST", "/u3/start"],
      ["POST", "/u1/confirm"],
      ["POST", "/u1/recovery"],
      ["DELETE", "/u1"],
    ] as const) {
      const res = await call(
        method,
        path,
        method === "POST" ? { username: "carl", code: "123456" } : undefined,
        viewer,
      );
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.ok(!(await res.text()).includes(secret));
    }
    const { users } = (await (await call("GET", "")).json()) as { users: Record<string, { recoveryLeft: number }> };
    assert.equal(users.u1?.recoveryLeft, 10, "the viewer changed nothing");
  });

  it("removes a second factor, which is gone from the credentials after the next deploy", async () => {
    const removed = await call("DELETE", "/u1");
    assert.equal(removed.status, 200);
    assert.deepEqual(((await (await call("GET", "")).json()) as { users: object }).users, {});
    assert.equal((await call("DELETE", "/u1")).status, 404);
    await deploy(red, FLOWS, ["users1"], admin);
    const saved = savedCredentials(red.userDir).users1;
    assert.deepEqual(readUsersCredentials(saved as { totp: string }).totp, Object.create(null));
    assert.ok(!JSON.stringify(saved).includes(secret));
    // Set up again from scratch: a new secret.
    const restarted = await call("POST", "/u1/start", { username: "anna" });
    assert.equal(restarted.status, 200);
    assert.notEqual(((await restarted.json()) as { secret: string }).secret, secret);
  });
});
