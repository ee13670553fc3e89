// A fleet of devices on Basic through a real Node-RED: a full deploy that changes no user costs them no
// bcrypt (the Security tab's own counts say so), while a deploy that gives a user a new password or
// disables one refuses the old credentials and closes that user's open websockets at once.
import assert from "node:assert/strict";
import request from "supertest";
import { deploy, setPasswords } from "../support/deploy";
import { closedWithin, connectWs, echo, echoFlow } from "../support/dashboards";
import { logIn, sessionCookie } from "../support/login";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const DEVICES = 20;
const PASSWORD = "Garden-Gate-4711-open";
const NEW_PASSWORD = "Another-Gate-0815-shut";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
const devices = Array.from({ length: DEVICES }, (_, i) => `dev${String(i + 1)}`);

function flows(change: { annPassword?: boolean; beaEnabled?: boolean } = {}): unknown[] {
  return [
    { id: "t1", type: "tab", label: "Devices" },
    {
      id: "users1",
      type: "auth-users",
      name: "fleet",
      accounts: [
        { id: "u-ann", username: "ann", roles: [], enabled: true },
        { id: "u-bea", username: "bea", roles: [], enabled: change.beaEnabled ?? true },
        ...devices.map((d) => ({ id: `u-${d}`, username: d, roles: [], enabled: true })),
      ],
      cost: 10,
      rev: 0,
    },
    { id: "in1", type: "http in", z: "t1", url: "/api/ping", method: "get", wires: [["gateApi"]] },
    {
      id: "gateApi",
      type: "auth-gate",
      z: "t1",
      usersConfig: "users1",
      method: "basic",
      scope: "/api",
      wires: [["ok"]],
    },
    { id: "ok", type: "http response", z: "t1", statusCode: "200", wires: [] },
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
}

interface Finding {
  id: string;
  severity: string;
  details?: string[];
}

describe("deploys keep devices verified, and end changed users' sessions (real Node-RED)", function () {
  this.timeout(180_000);
  let red: RunningNodeRed;
  const wsUrl = (): string => `${red.url.replace("http", "ws")}/ws/echo`;

  /** Every device asks twice at once; returns the statuses. */
  const storm = async (password = PASSWORD): Promise<number[]> =>
    Promise.all(
      [...devices, ...devices].map(async (d) => {
        const res = await fetch(`${red.url}/api/ping`, {
          headers: { Authorization: basic(d, password) },
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );

  /** What the Security tab says about Basic logins of the last hour. */
  const fleetFinding = async (): Promise<Finding | undefined> => {
    const res = await fetch(`${red.url}/security/posture`, { signal: AbortSignal.timeout(30_000) });
    const body = (await res.json()) as { findings: Finding[] };
    return body.findings.find((f) => f.id === "NRS-HTTP-005");
  };

  before(async () => {
    red = await startNodeRed({ flows: flows() });
    await setPasswords(red, "users1", {
      "u-ann": PASSWORD,
      "u-bea": PASSWORD,
      ...Object.fromEntries(devices.map((d) => [`u-${d}`, PASSWORD])),
    });
    await deploy(red, flows(), ["users1"]);
  });
  after(async () => {
    await red.stop();
  });

  it("verifies each device with one bcrypt, and a full deploy that changes nobody costs none", async () => {
    assert.deepEqual(new Set(await storm()), new Set([200]));
    const before = await fleetFinding();
    assert.equal(before?.severity, "low", "twenty devices on Basic are a fleet the Security tab points out");
    // Two requests per device at once: one bcrypt each (the second waits for the first's answer).
    assert.match(
      before.details?.[0] ?? "",
      /^users1: 20 users logged in with Basic in the last hour; 20 bcrypt checks/,
    );

    await deploy(red, flows());
    assert.deepEqual(new Set(await storm()), new Set([200]));
    const after = await fleetFinding();
    assert.match(after?.details?.[0] ?? "", /; 20 bcrypt checks/, "the full deploy cost the devices no bcrypt");
  });

  it("a deploy with a new password or a disabled user closes their websockets and refuses their cookie", async () => {
    const annCookie = sessionCookie(await logIn(request(red.url), "/ws/login", "ann", PASSWORD, "/ws/"));
    const beaCookie = sessionCookie(await logIn(request(red.url), "/ws/login", "bea", PASSWORD, "/ws/"));
    const ann = await connectWs(wsUrl(), { Cookie: annCookie });
    const bea = await connectWs(wsUrl(), { Cookie: beaCookie });
    const device = await connectWs(wsUrl(), { Authorization: basic("dev1", PASSWORD) });
    const beaDevice = await connectWs(wsUrl(), { Authorization: basic("bea", PASSWORD) });
    assert.ok(ann.ws && bea.ws && device.ws && beaDevice.ws);
    assert.equal(await echo(ann.ws, "hello"), "hello");

    // Only the users node (and the gates using it) restart: the websocket listener keeps its sockets,
    // so whatever closes is closed by the gate's sessions.
    await setPasswords(red, "users1", { "u-ann": NEW_PASSWORD });
    await deploy(red, flows({ beaEnabled: false }), ["users1"], undefined, "nodes");
    assert.equal(await closedWithin(ann.ws), true, "ann's websocket stayed open after her password changed");
    assert.equal(await closedWithin(bea.ws), true, "bea's websocket stayed open after she was disabled");
    assert.equal(await closedWithin(beaDevice.ws), true, "bea's Basic websocket stayed open after she was disabled");
    assert.equal(await closedWithin(device.ws, 500), false, "an unchanged device's websocket was closed");
    assert.equal(await echo(device.ws, "still here"), "still here");
    device.ws.terminate();

    assert.equal((await connectWs(wsUrl(), { Cookie: annCookie })).status, 401);
    assert.equal((await connectWs(wsUrl(), { Cookie: beaCookie })).status, 401);
    // The devices stay verified through it all.
    assert.deepEqual(new Set(await storm()), new Set([200]));
    assert.match((await fleetFinding())?.details?.[0] ?? "", /; 20 bcrypt checks/);
    const old = await fetch(`${red.url}/api/ping`, { headers: { Authorization: basic("ann", PASSWORD) } });
    assert.equal(old.status, 401, "ann's old password still worked");
    const fresh = await fetch(`${red.url}/api/ping`, { headers: { Authorization: basic("ann", NEW_PASSWORD) } });
    assert.equal(fresh.status, 200);
  });
});
