// Two real Node-RED instances behind one Redis server (Debian's redis-server on a loopback port), as two
// instances behind a load balancer would be: a login made on one is valid on the other, logging out on
// one ends it on both, a lockout earned on one holds on the other, a TOTP code used on one is refused on
// the other, an API key revoked on one is refused by the other; with Redis stopped both refuse with "store unavailable", and they recover when it is back.
import assert from "node:assert/strict";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { totpCode } from "../../src/auth/totp";
import { deploy, setPasswords } from "../support/deploy";
import { readLoginForm } from "../support/login";
import { RUNTIMES, makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";
import { type RedisServer, startRedis } from "../support/redis";

const PASSWORD = "Harbour-Lantern-2207-quiet";

function flows(redisUrl: string): unknown[] {
  return [
    { id: "t1", type: "tab", label: "Cluster" },
    {
      id: "users1",
      type: "auth-users",
      name: "family",
      accounts: [
        { id: "u1", username: "anna", roles: ["family"], enabled: true },
        { id: "u2", username: "ben", roles: ["family"], enabled: true },
        { id: "u3", username: "carl", roles: ["family"], enabled: true },
      ],
      cost: 10,
      store: "redis",
      storePrefix: "nrs-test:",
      credentials: { redisUrl },
      rev: 0,
    },
    { id: "in1", type: "http in", z: "t1", url: "/app/data", method: "get", wires: [["gate1"]] },
    {
      id: "gate1",
      type: "auth-gate",
      z: "t1",
      usersConfig: "users1",
      method: "both",
      scope: "/app",
      // The tests speak for several clients through X-Forwarded-For, as a load balancer would.
      trustProxy: true,
      wires: [["who"]],
    },
    {
      id: "who",
      type: "change",
      z: "t1",
      rules: [{ t: "set", p: "payload", pt: "msg", to: "user", tot: "msg" }],
      wires: [["out1"]],
    },
    { id: "out1", type: "http response", z: "t1", wires: [] },
  ];
}

interface Client {
  readonly ip: string;
}

function headers(client: Client, extra: Record<string, string> = {}): Record<string, string> {
  return { "X-Forwarded-For": client.ip, ...extra };
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

/** The login form's first step; returns the answer to the posted password. */
async function postPassword(
  red: RunningNodeRed,
  client: Client,
  username: string,
  password: string,
): Promise<Response> {
  const page = await fetch(`${red.url}/app/login?next=%2Fapp%2Fdata`, { headers: headers(client) });
  assert.equal(page.status, 200, "the login page did not answer");
  const form = readLoginForm(await page.text(), cookiesOf(page));
  return fetch(`${red.url}/app/login`, {
    method: "POST",
    redirect: "manual",
    headers: headers(client, { "Content-Type": "application/x-www-form-urlencoded", Cookie: form.csrfCookie }),
    body: new URLSearchParams({ username, password, csrf: form.csrf, next: "/app/data" }).toString(),
  });
}

/** The code step after a password step that asked for one. */
async function postCode(red: RunningNodeRed, client: Client, codePage: Response, code: string): Promise<Response> {
  const html = await codePage.text();
  const cookies = cookiesOf(codePage);
  const form = readLoginForm(html, cookies);
  const pending = cookies.find((c) => c.startsWith("nrs_2fa="))?.split(";")[0] ?? "";
  return fetch(`${red.url}/app/login`, {
    method: "POST",
    redirect: "manual",
    headers: headers(client, {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: `${form.csrfCookie}; ${pending}`,
    }),
    body: new URLSearchParams({ step: "code", code, csrf: form.csrf, next: "/app/data" }).toString(),
  });
}

function sessionOf(res: Response): string {
  const found = cookiesOf(res).find((c) => c.startsWith("nrs_session_") && !/Max-Age=0/.test(c));
  assert.ok(found, `no session cookie (HTTP ${String(res.status)})`);
  return found.split(";")[0] ?? "";
}

async function getData(red: RunningNodeRed, client: Client, extra: Record<string, string>): Promise<Response> {
  return fetch(`${red.url}/app/data`, { headers: headers(client, { Accept: "application/json", ...extra }) });
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const runtime of ["4", "5"] as const) {
  describe(`two ${RUNTIMES[runtime].label} instances sharing a Redis store`, function () {
    this.timeout(180_000);
    let redis: RedisServer;
    let one: RunningNodeRed;
    let two: RunningNodeRed;
    /** What to stop afterwards, whatever part of the set-up ran. */
    const started: { stop(): Promise<void> }[] = [];
    const dirOne = makeUserDir();
    const dirTwo = makeUserDir();
    let carlSecret = "";
    let sensorKey = "";
    let sensorKeyId = "";

    before(async () => {
      redis = await startRedis();
      started.push(redis);
      const flowsWithRedis = flows(redis.url);
      const first = await startNodeRed({ runtime, userDir: dirOne, flows: [] });
      one = first;
      started.push(first);
      await deploy(one, flowsWithRedis);
      await setPasswords(one, "users1", { u1: PASSWORD, u2: PASSWORD, u3: PASSWORD });
      // Carl sets up an authenticator app (as in the users dialog).
      const enrolment = await fetch(`${one.url}/auth-users/users1/totp/u3/start`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "carl" }),
      });
      assert.equal(enrolment.status, 200, await enrolment.clone().text());
      carlSecret = ((await enrolment.json()) as { secret: string }).secret;
      const confirmed = await fetch(`${one.url}/auth-users/users1/totp/u3/confirm`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: totpCode(carlSecret, Math.floor(Date.now() / 1000)) }),
      });
      assert.equal(confirmed.status, 200, await confirmed.clone().text());
      // And a device of anna's gets an API key.
      const made = await fetch(`${one.url}/auth-users/users1/api-keys`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "anna", name: "door sensor" }),
      });
      assert.equal(made.status, 200, await made.clone().text());
      ({ key: sensorKey, id: sensorKeyId } = (await made.json()) as { key: string; id: string });
      await deploy(
        one,
        flowsWithRedis.map((n) => ({ ...(n as object), credentials: undefined })),
        ["users1"],
      );
      // The second instance runs the same flows and credentials, as a copy behind a load balancer does.
      await one.stop();
      for (const file of ["flows.json", "flows_cred.json"]) copyFileSync(join(dirOne, file), join(dirTwo, file));
      [one, two] = await Promise.all([
        startNodeRed({ runtime, userDir: dirOne }),
        startNodeRed({ runtime, userDir: dirTwo }),
      ]);
      started.push(one, two);
    });

    after(async () => {
      // Node-RED first, then Redis (stopping a stopped instance does nothing).
      for (const item of started.reverse()) await item.stop();
      rmSync(dirOne, { recursive: true, force: true });
      rmSync(dirTwo, { recursive: true, force: true });
    });

    it("accepts a session made on one instance on the other, and logging out on one ends it on both", async () => {
      const client = { ip: "10.1.0.1" };
      const login = await postPassword(one, client, "anna", PASSWORD);
      assert.equal(login.status, 303);
      const cookie = sessionOf(login);
      const onTwo = await getData(two, client, { Cookie: cookie });
      assert.equal(onTwo.status, 200);
      assert.deepEqual(await onTwo.json(), { username: "anna", roles: ["family"] });

      const out = await fetch(`${two.url}/app/logout`, {
        redirect: "manual",
        headers: headers(client, { Cookie: cookie }),
      });
      assert.equal(out.status, 200);
      assert.equal((await getData(one, client, { Cookie: cookie })).status, 401);
      assert.equal((await getData(two, client, { Cookie: cookie })).status, 401);
    });

    it("refuses an API key revoked on one instance on the other at once, before any deploy", async () => {
      const client = { ip: "10.1.0.5" };
      for (const red of [one, two]) assert.equal((await getData(red, client, { "X-API-Key": sensorKey })).status, 200);
      const revoked = await fetch(`${one.url}/auth-users/users1/api-keys/${sensorKeyId}`, { method: "DELETE" });
      assert.equal(revoked.status, 200);
      assert.equal((await getData(one, client, { "X-API-Key": sensorKey })).status, 401);
      // The notice travels through Redis' pub/sub.
      await until(
        "the other instance refuses the key",
        async () => {
          return (await getData(two, client, { "X-API-Key": sensorKey })).status === 401;
        },
        5_000,
      );
    });

    it("holds a lockout earned on one instance on the other", async () => {
      const attacker = { ip: "10.66.0.1" };
      // Wrong passwords until the lock is long enough to outlast the slowed-down answer (locks double).
      let retryAfter = 0;
      for (let i = 0; i < 12 && retryAfter < 3; i++) {
        const res = await getData(one, attacker, { Authorization: basic("ben", `wrong-${String(i)}`) });
        if (res.status === 429) retryAfter = Number(res.headers.get("retry-after"));
      }
      assert.ok(retryAfter >= 3, "wrong passwords should lock the client");
      // Even the right password is refused from that client on the other instance while the lock holds.
      const other = await getData(two, attacker, { Authorization: basic("ben", PASSWORD) });
      assert.equal(other.status, 429);
      assert.ok(Number(other.headers.get("retry-after")) >= 1);
      // Another client is not locked out.
      assert.equal((await getData(two, { ip: "10.1.0.2" }, { Authorization: basic("ben", PASSWORD) })).status, 200);
    });

    it("takes a TOTP code once across instances, and refuses Basic for a user with a second factor", async () => {
      const client = { ip: "10.1.0.3" };
      const code = totpCode(carlSecret, Math.floor(Date.now() / 1000));
      const first = await postPassword(one, client, "carl", PASSWORD);
      assert.equal(first.status, 200);
      const done = await postCode(one, client, first, code);
      assert.equal(done.status, 303);
      assert.equal((await getData(two, client, { Cookie: sessionOf(done) })).status, 200);

      const again = await postPassword(two, client, "carl", PASSWORD);
      const replay = await postCode(two, client, again, code);
      assert.equal(replay.status, 401, "a code used on one instance must not work on the other");

      const viaBasic = await getData(two, client, { Authorization: basic("carl", PASSWORD) });
      assert.equal(viaBasic.status, 403);
      assert.match(((await viaBasic.json()) as { error: string }).error, /second factor/);
    });

    it("refuses everyone with 'store unavailable' while Redis is stopped, and recovers when it is back", async () => {
      const client = { ip: "10.1.0.4" };
      const cookie = sessionOf(await postPassword(one, client, "anna", PASSWORD));
      assert.equal((await getData(two, client, { Cookie: cookie })).status, 200);

      await redis.stop();
      for (const red of [one, two]) {
        await until("the gate refuses", async () => (await getData(red, client, { Cookie: cookie })).status === 503);
        const refused = await getData(red, client, { Authorization: basic("anna", PASSWORD) });
        assert.equal(refused.status, 503);
        assert.deepEqual(await refused.json(), { error: "store unavailable", reason: "store-unavailable" });
        const login = await postPassword(red, client, "anna", PASSWORD);
        assert.equal(login.status, 503);
        assert.match(await login.text(), /session store does not answer/);
      }

      await redis.restart();
      // The new server is empty: old sessions are gone, new logins work and are shared again.
      await until(
        "logging in works again",
        async () => (await postPassword(two, client, "anna", PASSWORD)).status === 303,
      );
      const fresh = sessionOf(await postPassword(two, client, "anna", PASSWORD));
      assert.equal((await getData(one, client, { Cookie: fresh })).status, 200);
      assert.equal((await getData(one, client, { Cookie: cookie })).status, 401);
    });
  });
}
