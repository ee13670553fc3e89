// API keys in a real Node-RED: made through the admin API (shown once), accepted by a gate as
// Bearer or X-API-Key, listed with their last use but never their secret, kept across a restart,
// and refused at once when revoked, with the websockets it opened closed.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { closedWithin, connectWs, echo, echoFlow } from "../support/dashboards";
import { deploy, setPasswords } from "../support/deploy";
import { makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";

const FLOWS = [
  { id: "t1", type: "tab", label: "API" },
  {
    id: "users1",
    type: "auth-users",
    name: "devices",
    accounts: [{ id: "u1", username: "anna", roles: ["family", "admin"], enabled: true }],
    cost: 10,
    rev: 0,
  },
  { id: "in1", type: "http in", z: "t1", url: "/api/temperature", method: "get", wires: [["gate1"]] },
  {
    id: "gate1",
    type: "auth-gate",
    z: "t1",
    usersConfig: "users1",
    method: "basic",
    roles: "family",
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
  { id: "in2", type: "http in", z: "t1", url: "/api/headers", method: "get", wires: [["gate2"]] },
  { id: "gate2", type: "auth-gate", z: "t1", usersConfig: "users1", method: "basic", wires: [["seen"]] },
  {
    id: "seen",
    type: "change",
    z: "t1",
    rules: [
      { t: "set", p: "payload.headers", pt: "msg", to: "req.headers", tot: "msg" },
      { t: "set", p: "payload.rawHeaders", pt: "msg", to: "req.rawHeaders", tot: "msg" },
    ],
    wires: [["out1"]],
  },
  {
    id: "gateWs",
    type: "auth-gate",
    z: "t1",
    usersConfig: "users1",
    method: "both",
    scope: "/ws",
    protectScope: true,
    wires: [[]],
  },
  ...echoFlow("t1", "/ws/echo"),
];

describe("API keys in a real Node-RED", function () {
  this.timeout(120_000);
  const userDir = makeUserDir();
  let red: RunningNodeRed;
  let key = "";
  let keyId = "";

  const call = (headers: Record<string, string>): Promise<Response> =>
    fetch(`${red.url}/api/temperature`, { headers: { Accept: "application/json", ...headers } });

  before(async () => {
    red = await startNodeRed({ userDir, flows: FLOWS });
    await setPasswords(red, "users1", { u1: "Garden-Gate-4711-open" });
    await deploy(red, FLOWS, ["users1"]);
  });
  after(async () => {
    await red.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it("makes a key once, and a gate accepts it as Bearer or X-API-Key with the key's roles", async () => {
    const made = await fetch(`${red.url}/auth-users/users1/api-keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "anna", name: "thermostat", roles: ["family"], expiresInDays: 30 }),
    });
    assert.equal(made.status, 200);
    ({ key, id: keyId } = (await made.json()) as { key: string; id: string });
    assert.match(key, /^nrs_[a-f0-9]{16}_/);

    const bearer = await call({ Authorization: `Bearer ${key}` });
    assert.equal(bearer.status, 200);
    assert.deepEqual(await bearer.json(), { username: "anna", roles: ["family"] });
    assert.equal((await call({ "X-API-Key": key })).status, 200);
    assert.equal((await call({ Authorization: `Bearer ${key.slice(0, -2)}xx` })).status, 401);
    // A device's websocket behind a gate that protects its path.
    const ws = await connectWs(`${red.url.replace("http", "ws")}/ws/echo`, { "X-API-Key": key });
    assert.ok(ws.open && ws.ws, `the key did not open the websocket (${String(ws.status)})`);
    assert.equal(await echo(ws.ws, "21.5"), "21.5");
    ws.ws.terminate();
    assert.equal((await call({})).status, 401);
  });

  it("leaves no key on msg.req for the flow: a debug node shows nothing to copy", async () => {
    const ways: Record<string, string>[] = [{ "X-API-Key": key }, { Authorization: `Bearer ${key}` }];
    for (const headers of ways) {
      const res = await fetch(`${red.url}/api/headers`, { headers: { Accept: "application/json", ...headers } });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.ok(!text.includes(key.split("_").slice(2).join("_")), `the flow saw the key: ${text}`);
      assert.ok(!/x-api-key|authorization/i.test(text), text);
      assert.match(text, /"accept"/);
    }
  });

  it("lists keys with their last use, never the key or its hash", async () => {
    const list = await fetch(`${red.url}/auth-users/users1/api-keys`);
    const text = await list.text();
    const secret = key.split("_").slice(2).join("_");
    assert.ok(!text.includes(secret) && !/"hash"/.test(text), "the list leaks the key");
    const [entry] = (JSON.parse(text) as { keys: Record<string, unknown>[] }).keys;
    assert.equal(entry?.id, keyId);
    assert.equal(entry.name, "thermostat");
    assert.equal(typeof entry.lastUsedAt, "number");
    assert.equal(typeof entry.expiresAt, "number");
  });

  it("keeps the key across a deploy and a restart", async () => {
    await deploy(red, FLOWS);
    await red.stop();
    red = await startNodeRed({ userDir });
    assert.equal((await call({ "X-API-Key": key })).status, 200);
  });

  it("refuses a revoked key at once, closes the websocket it opened, and refuses it after the next deploy", async () => {
    const ws = await connectWs(`${red.url.replace("http", "ws")}/ws/echo`, { "X-API-Key": key });
    assert.ok(ws.open && ws.ws, `the key did not open the websocket (${String(ws.status)})`);
    assert.equal(await echo(ws.ws, "20.0"), "20.0");
    const revoked = await fetch(`${red.url}/auth-users/users1/api-keys/${keyId}`, { method: "DELETE" });
    assert.equal(revoked.status, 200);
    assert.equal(await closedWithin(ws.ws), true, "the revoked key's websocket stayed open");
    assert.equal((await connectWs(`${red.url.replace("http", "ws")}/ws/echo`, { "X-API-Key": key })).open, false);
    assert.equal((await call({ "X-API-Key": key })).status, 401);
    await deploy(red, FLOWS);
    assert.equal((await call({ "X-API-Key": key })).status, 401);
    const again = await fetch(`${red.url}/auth-users/users1/api-keys/${keyId}`, { method: "DELETE" });
    assert.equal(again.status, 404);
  });

  it("refuses to make keys for unknown users or without a name", async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${red.url}/auth-users/users1/api-keys`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    assert.equal((await post({ username: "mallory", name: "x" })).status, 400);
    assert.equal((await post({ username: "anna" })).status, 400);
    assert.equal((await post({ username: "anna", name: "x", expiresInDays: -1 })).status, 400);
  });
});
