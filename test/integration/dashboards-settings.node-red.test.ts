// settings.js factories in a real Node-RED with both real dashboards and a websocket listener:
// strangers are refused at every door (pages, socket.io handshakes, websocket upgrades) before any
// message flows; a login-page session opens all of them; logout closes them again.
import assert from "node:assert/strict";
import request from "supertest";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { logIn, sessionCookie } from "../support/login";
import { RUNTIMES, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";
import { deploy, setPasswords } from "../support/deploy";
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

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

const FLOWS = [
  { id: "t1", type: "tab", label: "Doors" },
  ...dashboard1Flow("t1"),
  ...dashboard2Flow("t1"),
  ...plumbingFlow("t1"),
  ...echoFlow("t1", "/ws/echo"),
  { id: "pubIn", type: "http in", z: "t1", url: "/public/ping", method: "get", wires: [["pubOut"]] },
  { id: "pubOut", type: "http response", z: "t1", statusCode: "200", wires: [] },
];

// One users list for every door: a login anywhere counts everywhere.
const SETTINGS = `
  httpNodeMiddleware: require("node-red-contrib-security").httpNode({
    users: require("node-red-contrib-security").users([{ username: "ann", password: "${STRONG_10}", roles: ["family"] }]),
    publicPaths: ["/public"],
  }),
  webSocketNodeVerifyClient: require("node-red-contrib-security").verifyClient({
    users: [{ username: "ann", password: "${STRONG_10}", roles: ["family"] }],
  }),
  ui: { path: "ui", ...require("node-red-contrib-security").dashboard({
    users: [{ username: "ann", password: "${STRONG_10}", roles: ["family"] }],
  }) },
  dashboard: require("node-red-contrib-security").dashboard({
    users: [{ username: "ann", password: "${STRONG_10}", roles: ["family"] }],
  }),
  httpAdminMiddleware: require("node-red-contrib-security").adminHeaders(),
`;

for (const runtime of ["4", "5"] as RuntimeName[])
  describe(`settings.js factories guard dashboards and websockets (${RUNTIMES[runtime].label})`, function () {
    this.timeout(120_000);
    let red: RunningNodeRed;
    let cookie: string;
    const wsUrl = (): string => `${red.url.replace("http", "ws")}/ws/echo`;

    before(async () => {
      red = await startNodeRed({ runtime, flows: FLOWS, settings: SETTINGS, modules: DASHBOARD_MODULES });
    });
    after(async () => {
      await red.stop();
    });

    it("refuses an anonymous visitor at the dashboard pages: browsers go to the login page", async () => {
      for (const path of ["/ui/", "/dashboard/home"]) {
        const page = await request(red.url).get(path).set("Accept", "text/html");
        assert.equal(page.status, 401, path);
        assert.match(page.text, /action="\/login"/);
        const script = await request(red.url).get(path).set("Accept", "application/json");
        assert.equal(script.status, 401, `${path} without a browser's Accept`);
      }
    });

    it("refuses anonymous socket.io handshakes of both dashboards and anonymous websockets", async () => {
      for (const path of ["/ui/socket.io", "/dashboard/socket.io"]) {
        const outcome = await connectSocketIo(red.url, path);
        assert.equal(outcome.connected, false, `${path} let a stranger connect`);
        assert.match(outcome.error ?? "", /no credentials|not logged in/);
      }
      const ws = await connectWs(wsUrl());
      assert.equal(ws.open, false);
      assert.equal(ws.status, 401);
    });

    it("keeps public paths public and other http-in routes closed", async () => {
      await request(red.url).get("/public/ping").expect(200);
      await request(red.url).get("/last-client").expect(401);
    });

    it("lets a logged-in browser in everywhere, and messages flow both ways", async () => {
      const login = await logIn(request(red.url), "/login", "ann", STRONG_PASSWORD, "/dashboard/home");
      assert.equal(login.status, 303);
      assert.equal(login.headers.location, "/dashboard/home");
      cookie = sessionCookie(login);

      await request(red.url).get("/ui/").set("Cookie", cookie).expect(200);
      await request(red.url).get("/dashboard/home").set("Cookie", cookie).set("Accept", "text/html").expect(200);

      const ui1 = await connectSocketIo(red.url, "/ui/socket.io", { Cookie: cookie });
      assert.ok(ui1.connected && ui1.socket, `node-red-dashboard refused the session: ${String(ui1.error)}`);
      const ui2 = await connectSocketIo(red.url, "/dashboard/socket.io", { Cookie: cookie });
      assert.ok(ui2.connected && ui2.socket, `Dashboard 2 refused the session: ${String(ui2.error)}`);
      const ws = await connectWs(wsUrl(), { Cookie: cookie });
      assert.ok(ws.open && ws.ws, `websocket refused the session (${String(ws.status)})`);
      try {
        const [config] = await waitForEvent(ui2.socket, "ui-config");
        assert.equal(config, "d2base", "Dashboard 2 sent its page config");

        // A value from a flow reaches both dashboards.
        const seen1 = eventCount(ui1.socket);
        const seen2 = eventCount(ui2.socket);
        await request(red.url).get("/push?value=21.5").set("Cookie", cookie).expect(204);
        const [d1Msg] = (await waitForEvent(ui1.socket, "update-value", seen1)) as [{ msg?: { payload?: unknown } }];
        assert.equal(d1Msg.msg?.payload, "21.5");
        const [d2Msg] = (await waitForEvent(ui2.socket, "msg-input:d2text", seen2)) as [{ payload?: unknown }];
        assert.equal(d2Msg.payload, "21.5");

        // A click on Dashboard 2 tells the flow who clicked.
        ui2.socket.emit("widget-action", "d2button", { payload: "clicked" });
        await new Promise((r) => setTimeout(r, 300));
        const who = await request(red.url).get("/last-client").set("Authorization", basic("ann", STRONG_PASSWORD));
        assert.equal(who.status, 200);
        assert.deepEqual((who.body as { user?: unknown }).user, { username: "ann", roles: ["family"] });

        assert.equal(await echo(ws.ws, "hello"), "hello");

        // Logout ends the session: open connections close, new ones are refused.
        await request(red.url).get("/logout").set("Cookie", cookie).expect(200);
        assert.equal(await closedWithin(ws.ws), true, "the websocket stayed open after logout");
        assert.equal(await disconnectedWithin(ui2.socket), true, "Dashboard 2's socket stayed open after logout");
        assert.equal(
          await disconnectedWithin(ui1.socket),
          true,
          "node-red-dashboard's socket stayed open after logout",
        );
        assert.equal((await connectSocketIo(red.url, "/dashboard/socket.io", { Cookie: cookie })).connected, false);
        assert.equal((await connectWs(wsUrl(), { Cookie: cookie })).status, 401);
        await request(red.url).get("/ui/").set("Cookie", cookie).set("Accept", "text/html").expect(401);
      } finally {
        ui1.socket.close();
        ui2.socket.close();
        ws.ws.terminate();
      }
    });

    it("lets a device in with Basic credentials, and refuses wrong ones and other sites' pages", async () => {
      const device = await connectWs(wsUrl(), { Authorization: basic("ann", STRONG_PASSWORD) });
      assert.ok(device.open && device.ws);
      assert.equal(await echo(device.ws, "from a device"), "from a device");
      device.ws.terminate();
      assert.equal((await connectWs(wsUrl(), { Authorization: basic("ann", "wrong-password-1") })).status, 401);

      const login = await logIn(request(red.url), "/login", "ann", STRONG_PASSWORD);
      const session = sessionCookie(login);
      const hijack = await connectWs(wsUrl(), { Cookie: session, Origin: "http://evil.example" });
      assert.equal(hijack.status, 403, "a page of another site used the visitor's cookie");
      const io = await connectSocketIo(red.url, "/dashboard/socket.io", {
        Cookie: session,
        Origin: "http://evil.example",
      });
      assert.equal(io.connected, false, "another site's page opened the dashboard socket");
    });

    it("gives the editor protective headers it still works with", async () => {
      const editor = await request(red.url).get("/").expect(200);
      assert.equal(editor.headers["x-frame-options"], "SAMEORIGIN");
      assert.equal(editor.headers["x-content-type-options"], "nosniff");
      assert.equal(editor.headers["content-security-policy"], "frame-ancestors 'self'");
      await request(red.url).get("/settings").expect(200);
    });
  });

describe("settings.js factories with the users of an auth-users node", function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  const PASSWORD = "Garden-Gate-4711-open";
  const flows = [
    { id: "t2", type: "tab", label: "API" },
    {
      id: "users1",
      type: "auth-users",
      name: "family",
      accounts: [{ id: "u-ann", username: "ann", roles: ["family"], enabled: true }],
      cost: 10,
      rev: 0,
    },
    // A gate's login page, whose session the settings.js helpers accept too.
    { id: "gate1", type: "auth-gate", z: "t2", usersConfig: "users1", method: "form", scope: "/", wires: [[]] },
    { id: "apiIn", type: "http in", z: "t2", url: "/api/temperature", method: "get", wires: [["apiOut"]] },
    { id: "apiOut", type: "http response", z: "t2", statusCode: "200", wires: [] },
    ...echoFlow("t2", "/ws/echo"),
  ];

  before(async () => {
    red = await startNodeRed({
      flows,
      settings: `
        httpNodeMiddleware: require("node-red-contrib-security").httpNode({ users: "users1" }),
        webSocketNodeVerifyClient: require("node-red-contrib-security").verifyClient({ users: "users1" }),`,
    });
    await setPasswords(red, "users1", { "u-ann": PASSWORD });
    await deploy(red, flows, ["users1"]);
  });
  after(async () => {
    await red.stop();
  });

  it("checks passwords set in the editor, and shares the gate's sessions", async () => {
    await request(red.url).get("/api/temperature").expect(401);
    await request(red.url).get("/api/temperature").set("Authorization", basic("ann", PASSWORD)).expect(200);
    const cookie = sessionCookie(await logIn(request(red.url), "/login", "ann", PASSWORD));
    await request(red.url).get("/api/temperature").set("Cookie", cookie).expect(200);
    const ws = await connectWs(`${red.url.replace("http", "ws")}/ws/echo`, { Cookie: cookie });
    assert.ok(ws.open && ws.ws, "the gate's session did not open the websocket");
    assert.equal(await echo(ws.ws, "hi"), "hi");
    await request(red.url).get("/logout").set("Cookie", cookie).expect(200);
    assert.equal(await closedWithin(ws.ws), true);
    await request(red.url).get("/api/temperature").set("Cookie", cookie).expect(401);
  });
});
