// What someone who can read the shared store (a Redis backup, a replica, a monitoring tool) learns from
// it: after logins, second-factor steps, a logout and API-key use in a real Node-RED, every key and value
// in Redis is read, and none of it opens a session or a pending login, or matches an API key — tried
// against the gate as it is, as a signed cookie made with the session secret itself, and in pairs.
import assert from "node:assert/strict";
import { createDecipheriv, createHash, createHmac } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "redis";
import { totpCode } from "../../src/auth/totp";
import { deploy, setPasswords } from "../support/deploy";
import { readLoginForm } from "../support/login";
import { makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";
import { type RedisServer, startRedis } from "../support/redis";

const PASSWORD = "Copper-Kettle-5120-rain";
const PREFIX = "nrs-read:";
const SESSION_COOKIE_RE = /^nrs_session_[0-9a-f]{10}$/;

function flows(redisUrl: string): unknown[] {
  return [
    { id: "t1", type: "tab", label: "Store" },
    {
      id: "users1",
      type: "auth-users",
      name: "household",
      accounts: [
        { id: "u1", username: "anna", roles: ["family"], enabled: true },
        { id: "u2", username: "carl", roles: ["family"], enabled: true },
      ],
      cost: 10,
      store: "redis",
      storePrefix: PREFIX,
      credentials: { redisUrl },
      rev: 0,
    },
    { id: "in1", type: "http in", z: "t1", url: "/app/data", method: "get", wires: [["gate1"]] },
    { id: "gate1", type: "auth-gate", z: "t1", usersConfig: "users1", method: "both", scope: "/app", wires: [["ok"]] },
    {
      id: "ok",
      type: "change",
      z: "t1",
      rules: [{ t: "set", p: "payload", pt: "msg", to: "user", tot: "msg" }],
      wires: [["out1"]],
    },
    { id: "out1", type: "http response", z: "t1", wires: [] },
  ];
}

/** The credentials Node-RED saved, decrypted as Node-RED does (aes-256-ctr, key = SHA-256 of the secret). */
function savedCredentials(userDir: string): Record<string, Record<string, unknown>> {
  const file = JSON.parse(readFileSync(join(userDir, "flows_cred.json"), "utf8")) as { $: string };
  const key = createHash("sha256").update("test-credential-secret").digest();
  const decipher = createDecipheriv("aes-256-ctr", key, Buffer.from(file.$.slice(0, 32), "hex"));
  const text = decipher.update(file.$.slice(32), "base64", "utf8") + decipher.final("utf8");
  return JSON.parse(text) as Record<string, Record<string, unknown>>;
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** "name=value" of a Set-Cookie header that sets (not clears) a cookie whose name matches. */
function cookieOf(res: Response, name: RegExp): string {
  const found = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => name.test(c.slice(0, c.indexOf("="))) && c.indexOf("=") < c.length - 1);
  assert.ok(found, `no ${String(name)} cookie (HTTP ${String(res.status)})`);
  return found;
}

const valueOf = (cookie: string): string => cookie.slice(cookie.indexOf("=") + 1);

/** Every key of the Redis server and everything stored under it, as text. */
async function readEverything(url: string): Promise<{ key: string; parts: string[] }[]> {
  const client = createClient({ url });
  client.on("error", () => undefined);
  await client.connect();
  const send = (args: string[]): Promise<unknown> => client.sendCommand(args);
  const entries: { key: string; parts: string[] }[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = (await send(["SCAN", cursor, "COUNT", "200"])) as [string, string[]];
      cursor = next;
      for (const key of keys) {
        const type = String(await send(["TYPE", key]));
        const read: Record<string, string[]> = {
          string: ["GET", key],
          set: ["SMEMBERS", key],
          hash: ["HGETALL", key],
          list: ["LRANGE", key, "0", "-1"],
          zset: ["ZRANGE", key, "0", "-1", "WITHSCORES"],
        };
        const command = read[type];
        assert.ok(command, `a key of an unexpected type: ${key} (${type})`);
        const reply = await send(command);
        const flat = (value: unknown): string[] =>
          Array.isArray(value)
            ? value.flatMap(flat)
            : value !== null && typeof value === "object"
              ? Object.entries(value).flatMap(([k, v]) => [k, ...flat(v)])
              : typeof value === "string" || typeof value === "number"
                ? [String(value)]
                : [];
        entries.push({ key, parts: flat(reply) });
      }
    } while (cursor !== "0");
  } finally {
    await client.close().catch(() => undefined);
  }
  return entries;
}

/** The strings inside a stored text: itself, its pieces between separators, and a JSON value's leaves. */
function stringsIn(text: string): string[] {
  const found = [text, ...text.split(/[:.,"{}[\]\s=|]+/)];
  try {
    const leaves = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(leaves)
        : value !== null && typeof value === "object"
          ? Object.entries(value).flatMap(([k, v]) => [k, ...leaves(v)])
          : [String(value)];
    found.push(...leaves(JSON.parse(text) as unknown));
  } catch {
    // Not JSON.
  }
  return found.filter((s) => s.length > 0);
}

describe("what a reader of the shared store can do with it (real Node-RED, real Redis)", function () {
  this.timeout(180_000);
  let redis: RedisServer;
  let red: RunningNodeRed;
  const userDir = makeUserDir();
  let carlSecret = "";
  let recoveryCodes: string[] = [];
  let sessionSecret = "";
  let sessionCookieName = "";

  const get = (extra: Record<string, string>): Promise<Response> =>
    fetch(`${red.url}/app/data`, { headers: { Accept: "application/json", ...extra } });

  async function postPassword(username: string): Promise<Response> {
    const page = await fetch(`${red.url}/app/login?next=%2Fapp%2Fdata`);
    const form = readLoginForm(await page.text(), page.headers.getSetCookie());
    return fetch(`${red.url}/app/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: form.csrfCookie },
      body: new URLSearchParams({ username, password: PASSWORD, csrf: form.csrf, next: "/app/data" }).toString(),
    });
  }

  async function postCode(codePage: Response, code: string): Promise<Response> {
    const form = readLoginForm(await codePage.text(), codePage.headers.getSetCookie());
    const pending = cookieOf(codePage, /^nrs_2fa$/);
    return fetch(`${red.url}/app/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `${form.csrfCookie}; ${pending}` },
      body: new URLSearchParams({ step: "code", code, csrf: form.csrf, next: "/app/data" }).toString(),
    });
  }

  before(async () => {
    redis = await startRedis();
    red = await startNodeRed({ userDir, flows: [] });
    const withRedis = flows(redis.url);
    await deploy(red, withRedis);
    await setPasswords(red, "users1", { u1: PASSWORD, u2: PASSWORD });
    const enrolment = await fetch(`${red.url}/auth-users/users1/totp/u2/start`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "carl" }),
    });
    assert.equal(enrolment.status, 200, await enrolment.clone().text());
    carlSecret = ((await enrolment.json()) as { secret: string }).secret;
    const confirmed = await fetch(`${red.url}/auth-users/users1/totp/u2/confirm`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: totpCode(carlSecret, Math.floor(Date.now() / 1000)) }),
    });
    assert.equal(confirmed.status, 200, await confirmed.clone().text());
    recoveryCodes = ((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes;
    await deploy(
      red,
      withRedis.map((n) => ({ ...(n as object), credentials: undefined })),
      ["users1"],
    );
    const saved = savedCredentials(userDir).users1?.sessionSecret;
    sessionSecret = typeof saved === "string" ? saved : "";
    assert.ok(sessionSecret.length >= 32, "the session secret is in the saved credentials");
  });

  after(async () => {
    await red.stop();
    await redis.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it("holds nothing that opens a session or a pending login, or matches an API key", async () => {
    // What users do: log in with the form and use the session, Basic (right and wrong), the code step
    // (a pending login left open, a wrong code, a right one, a recovery code), a logout, API keys.
    const anna = cookieOf(await postPassword("anna"), /^nrs_session_/);
    sessionCookieName = anna.slice(0, anna.indexOf("="));
    assert.match(sessionCookieName, SESSION_COOKIE_RE);
    assert.equal((await get({ Cookie: anna })).status, 200);
    assert.equal((await get({ Authorization: basic("anna", PASSWORD) })).status, 200);
    assert.equal((await get({ Authorization: basic("anna", "not-her-password") })).status, 401);

    const openPage = await postPassword("carl");
    const openPending = cookieOf(openPage, /^nrs_2fa$/); // left waiting for its code
    const withWrongCode = await postPassword("carl");
    const pendingTried = cookieOf(withWrongCode, /^nrs_2fa$/);
    const now = Math.floor(Date.now() / 1000);
    const accepted = new Set([-2, -1, 0, 1, 2].map((step) => totpCode(carlSecret, now + step * 30)));
    const wrong = ["000000", "111111", "222222", "333333", "444444", "555555"].find((c) => !accepted.has(c)) ?? "";
    assert.equal((await postCode(withWrongCode, wrong)).status, 401);
    const carl = cookieOf(await postCode(await postPassword("carl"), totpCode(carlSecret, now)), /^nrs_session_/);
    const recovered = cookieOf(await postCode(await postPassword("carl"), recoveryCodes[0] ?? ""), /^nrs_session_/);
    for (const cookie of [carl, recovered]) assert.equal((await get({ Cookie: cookie })).status, 200);

    const leaving = cookieOf(await postPassword("anna"), /^nrs_session_/);
    const out = await fetch(`${red.url}/app/logout`, { redirect: "manual", headers: { Cookie: leaving } });
    // The login page with "You are logged out", in place (not a redirect a service worker could answer).
    assert.equal(out.status, 200);

    const made = await fetch(`${red.url}/auth-users/users1/api-keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "anna", name: "boiler", roles: [] }),
    });
    assert.equal(made.status, 200);
    const { key: apiKey, id: apiKeyId } = (await made.json()) as { key: string; id: string };
    assert.equal((await get({ "X-API-Key": apiKey })).status, 200);
    assert.equal((await get({ Authorization: `Bearer ${apiKey}` })).status, 200);
    const wrongKey = `nrs_${apiKeyId}_${"A".repeat(43)}`;
    assert.equal((await get({ "X-API-Key": wrongKey })).status, 401);

    // Everything in Redis.
    const entries = await readEverything(redis.url);
    const ours = entries.filter((e) => e.key.startsWith(PREFIX));
    assert.ok(
      ours.some((e) => e.key.startsWith(`${PREFIX}sessions:`)),
      "sessions are in Redis",
    );
    assert.ok(
      ours.some((e) => e.key.startsWith(`${PREFIX}values:users1%3Apending:`)),
      "pending logins are in Redis",
    );
    assert.ok(
      ours.some((e) => e.key.startsWith(`${PREFIX}failures:`)),
      "failure counts are in Redis",
    );
    const texts = entries.flatMap((e) => [e.key, ...e.parts]);
    const dump = texts.join("\n");

    // No secret a user or device holds is in it, in any piece.
    const apiSecret = apiKey.slice(`nrs_${apiKeyId}_`.length);
    const held: Record<string, string> = {
      "the API key": apiKey,
      "the API key's id": apiKeyId,
      "the API key's secret": apiSecret,
      "the API key's stored hash": createHash("sha256").update(apiSecret).digest("hex"),
      "the used recovery code": recoveryCodes[0] ?? "",
      "the session secret": sessionSecret,
    };
    for (const [i, cookie] of [anna, carl, recovered, leaving].entries()) {
      const [id = "", signature = ""] = valueOf(cookie).split(".");
      held[`session ${String(i)}'s id`] = id;
      held[`session ${String(i)}'s signature`] = signature;
    }
    for (const [i, cookie] of [openPending, pendingTried].entries())
      held[`pending login ${String(i)}`] = valueOf(cookie);
    for (const [what, secret] of Object.entries(held)) {
      assert.ok(secret.length >= 10, what);
      assert.ok(!dump.includes(secret), `${what} is readable in Redis`);
    }

    // Every string in the store, tried as a session cookie: as it is, signed with the session secret
    // (more than a reader of the store has), and every pair of id-like strings as id.signature.
    const strings = [...new Set(texts.flatMap(stringsIn))].filter((s) => /^[\x21-\x7e]+$/.test(s));
    const idLike = strings.filter((s) => /^[A-Za-z0-9_-]{43}$/.test(s));
    assert.ok(idLike.length >= 6, `id-like strings in the store: ${String(idLike.length)}`);
    const sign = (id: string): string =>
      createHmac("sha256", sessionSecret).update(`session:${id}`).digest("base64url");
    const cookieSafe = (s: string): boolean => /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(s);
    const candidates = new Set<string>();
    for (const s of strings) {
      if (cookieSafe(s)) candidates.add(s);
      if (/^[A-Za-z0-9_-]+$/.test(s)) candidates.add(`${s}.${sign(s)}`);
    }
    for (const a of idLike) for (const b of idLike) candidates.add(`${a}.${b}`);
    const list = [...candidates];
    // The gate tries every value of its cookie in a request, so they go in batches that fit a header.
    const batches: string[][] = [];
    for (let i = 0; i < list.length; i += 40) batches.push(list.slice(i, i + 40));
    const header = (values: string[]): string => values.map((v) => `${sessionCookieName}=${v}`).join("; ");
    // A live cookie among them gets in: the batches are read as the gate reads one cookie.
    assert.equal((await get({ Cookie: `${header(batches[0] ?? [])}; ${anna}` })).status, 200);
    for (const batch of batches) {
      const res = await get({ Cookie: header(batch) });
      assert.equal(res.status, 401, `a value from the store opened a session: ${batch.join(" ")}`);
    }

    // And as the token of a pending login (which would skip the password): no code step is offered.
    const asksForCode = async (token: string): Promise<boolean> => {
      const page = await fetch(`${red.url}/app/login`, { headers: { Cookie: `nrs_2fa=${token}` } });
      return /name="code"/.test(await page.text());
    };
    assert.equal(await asksForCode(valueOf(openPending)), true, "the real pending login still waits for its code");
    for (const s of idLike) assert.equal(await asksForCode(s), false, `${s} from the store opened a pending login`);

    // Nor as an API key.
    for (const s of strings.filter((x) => x.startsWith("nrs_"))) {
      assert.notEqual((await get({ "X-API-Key": s })).status, 200, `${s} from the store is an API key`);
    }

    // The sessions made above still work: none of this ended them.
    for (const cookie of [anna, carl, recovered]) assert.equal((await get({ Cookie: cookie })).status, 200);
  });
});
