// The same doors closed from the editor alone, no settings.js: auth gates that protect /ui,
// /dashboard and /ws guard the pages, the socket.io handshakes (polling and websocket) and the
// `websocket in` upgrades, on Node-RED 4.1 and on Node-RED 5.
import assert from "node:assert/strict";
import request from "supertest";
import { deploy, setPasswords } from "../support/deploy";
import { logIn, sessionCookie } from "../support/login";
import { RUNTIMES, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";
import {
  DASHBOARD_MODULES,
  closedWithin,
  connectSocketIo,
  connectWs,
  dashboard1Flow,
  dashboard2Flow,
  disconnectedWithin,
  echo,
  echoFlow,
  eventCount,
  plumbingFlow,
  waitForEvent,
} from "../support/dashboards";

const PASSWORD = "Garden-Gate-4711-open";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

function gate(id: string, scope: string, method = "form"): Record<string, unknown> {
  return { id, type: "auth-gate", z: "t1", usersConfig: "users1", method, scope, protectScope: true, wires: [[]] };
}

const FLOWS = [
  { id: "t1", type: "tab", label: "Doors" },
  {
    id: "users1",
    type: "auth-users",
    name: "family",
    accounts: [{ id: "u-ann", username: "ann", roles: ["family"], enabled: true }],
    cost: 10,
    rev: 0,
  },
  gate("gateUi", "/ui"),
  gate("gateDash", "/dashboard"),
  gate("gateWs", "/ws", "both"),
  ...dashboard1Flow("t1"),
  ...dashboard2Flow("t1"),
  ...plumbingFlow("t1"),
  ...echoFlow("t1", "/ws/echo"),
];

for (const runtime of ["4", "5"] as RuntimeName[]) {
  describe(`auth gates close dashboards and websockets from the editor (${RUNTIMES[runtime].label})`, function () {
    this.timeout(120_000);
    let red: RunningNodeRed;
    const wsUrl = (): string => `${red.url.replace("http", "ws")}/ws/echo`;

    before(async () => {
      red = await startNodeRed({ runtime, flows: FLOWS, modules: DASHBOARD_MODULES });
      await setPasswords(red, "users1", { "u-ann": PASSWORD });
      await deploy(red, FLOWS, ["users1"]);
    });
    after(async () => {
      await red.stop();
    });

    it("refuses strangers at every door before anything flows", async () => {
      const page = await request(red.url).get("/dashboard/home").set("Accept", "text/html");
      assert.equal(page.status, 401);
      assert.match(page.text, /action="\/dashboard\/login"/);
      assert.equal((await request(red.url).get("/ui/").set("Accept", "text/html")).status, 401);
      for (const path of ["/ui/socket.io", "/dashboard/socket.io"]) {
        const outcome = await connectSocketIo(red.url, path);
        assert.equal(outcome.connected, false, `${path} let a stranger connect`);
      }
      // socket.io's websocket transport straight away, skipping the long-polling handshake.
      const direct = await connectWs(`${red.url.replace("http", "ws")}/dashboard/socket.io/?EIO=4&transport=websocket`);
      assert.equal(direct.status, 401);
      assert.equal((await connectWs(wsUrl())).status, 401);
    });

    it("opens the dashboards and their sockets to a logged-in user, and logout closes them", async () => {
      const login = await logIn(request(red.url), "/dashboard/login", "ann", PASSWORD, "/dashboard/home");
      assert.equal(login.status, 303);
      const cookie = sessionCookie(login);
      await request(red.url).get("/dashboard/home").set("Cookie", cookie).set("Accept", "text/html").expect(200);

      const ui2 = await connectSocketIo(red.url, "/dashboard/socket.io", { Cookie: cookie });
      assert.ok(ui2.connected && ui2.socket, `Dashboard 2 refused the session: ${String(ui2.error)}`);
      try {
        assert.deepEqual((await waitForEvent(ui2.socket, "ui-config"))[0], "d2base");
        // Let the client upgrade to the websocket transport, then push a value from a flow.
        await new Promise((r) => setTimeout(r, 500));
        const seen = eventCount(ui2.socket);
        await request(red.url).get("/push?value=19").expect(204);
        const [msg] = (await waitForEvent(ui2.socket, "msg-input:d2text", seen)) as [{ payload?: unknown }];
        assert.equal(msg.payload, "19");

        ui2.socket.emit("widget-action", "d2button", { payload: "clicked" });
        await new Promise((r) => setTimeout(r, 300));
        const who = (await request(red.url).get("/last-client").expect(200)).body as { user?: unknown };
        assert.deepEqual(who.user, { username: "ann", roles: ["family"] });

        await request(red.url).get("/dashboard/logout").set("Cookie", cookie).expect(200);
        assert.equal(await disconnectedWithin(ui2.socket), true, "the dashboard socket stayed open after logout");
        assert.equal((await connectSocketIo(red.url, "/dashboard/socket.io", { Cookie: cookie })).connected, false);
      } finally {
        ui2.socket.close();
      }

      // node-red-dashboard behind its own gate: a login there opens its page and socket.
      const uiLogin = sessionCookie(await logIn(request(red.url), "/ui/login", "ann", PASSWORD, "/ui/"));
      await request(red.url).get("/ui/").set("Cookie", uiLogin).expect(200);
      const ui1 = await connectSocketIo(red.url, "/ui/socket.io", { Cookie: uiLogin });
      assert.ok(ui1.connected && ui1.socket, `node-red-dashboard refused the session: ${String(ui1.error)}`);
      ui1.socket.close();
    });

    it("lets devices and logged-in pages use the websocket listener, and logout closes it", async () => {
      const device = await connectWs(wsUrl(), { Authorization: basic("ann", PASSWORD) });
      assert.ok(device.open && device.ws);
      assert.equal(await echo(device.ws, "ping"), "ping");
      device.ws.terminate();

      const cookie = sessionCookie(await logIn(request(red.url), "/ws/login", "ann", PASSWORD, "/ws/"));
      const page = await connectWs(wsUrl(), { Cookie: cookie });
      assert.ok(page.open && page.ws);
      assert.equal(await echo(page.ws, "hello"), "hello");
      assert.equal((await connectWs(wsUrl(), { Cookie: cookie, Origin: "http://evil.example" })).status, 403);
      await request(red.url).get("/ws/logout").set("Cookie", cookie).expect(200);
      assert.equal(await closedWithin(page.ws), true, "the websocket stayed open after logout");
      assert.equal((await connectWs(wsUrl(), { Cookie: cookie })).status, 401);
    });
  });
}

describe("a gate that protects everything under / leaves the editor's own websocket alone", function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  const flows = [
    { id: "t1", type: "tab", label: "All" },
    {
      id: "users1",
      type: "auth-users",
      name: "family",
      accounts: [{ id: "u-ann", username: "ann", roles: [], enabled: true }],
      cost: 10,
      rev: 0,
    },
    gate("gateAll", "/", "both"),
    ...echoFlow("t1", "/ws/echo"),
  ];

  before(async () => {
    red = await startNodeRed({ flows });
    await setPasswords(red, "users1", { "u-ann": PASSWORD });
    await deploy(red, flows, ["users1"]);
  });
  after(async () => {
    await red.stop();
  });

  it("guards a websocket listener but not /comms", async () => {
    const base = red.url.replace("http", "ws");
    assert.equal((await connectWs(`${base}/ws/echo`)).status, 401);
    const comms = await connectWs(`${base}/comms`);
    assert.ok(comms.open && comms.ws, `the editor's comms websocket was refused (${String(comms.status)})`);
    comms.ws.terminate();
  });
});
