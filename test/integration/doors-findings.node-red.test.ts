// Against a real Node-RED with both dashboards and a websocket listener: the Security sidebar's report
// finds the open dashboard pages, their open live connections (checked live) and the open listener,
// and passes them once settings.js guards each door.
import assert from "node:assert/strict";
import { STRONG_10 } from "../support/hashes";
import { DASHBOARD_MODULES, dashboard1Flow, dashboard2Flow, echoFlow } from "../support/dashboards";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

/** node-red-dashboard, Dashboard 2 and a websocket listener, each with one widget or node in use. */
const FLOWS = [
  { id: "tab1", type: "tab", label: "Doors" },
  ...dashboard1Flow("tab1"),
  ...dashboard2Flow("tab1"),
  ...echoFlow("tab1", "/ws/feed"),
];

interface Posture {
  findings: { id: string; severity: string; title: string; details?: string[] }[];
  context: { notes: string[] };
}

async function posture(red: RunningNodeRed): Promise<Map<string, Posture["findings"][number]>> {
  // No adminAuth here: the admin API (and the report) answers without a login.
  const res = await fetch(`${red.url}/security/posture`, { signal: AbortSignal.timeout(15_000) });
  assert.equal(res.status, 200, await res.clone().text());
  const report = (await res.json()) as Posture;
  return new Map(report.findings.map((f) => [f.id, f]));
}

async function waitForDashboards(red: RunningNodeRed): Promise<void> {
  // Dashboard 2 mounts its pages when its ui-base node starts, a moment after "Started flows".
  const deadline = Date.now() + 15_000;
  while (!/Dashboard 2\.0 .*started at/i.test(red.log()) || !/Dashboard version .* started at/.test(red.log())) {
    if (Date.now() > deadline) throw new Error(`the dashboards did not start:\n${red.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("dashboard and websocket findings in a real Node-RED", function () {
  this.timeout(120_000);

  describe("with every door open", () => {
    let red: RunningNodeRed;
    before(async () => {
      red = await startNodeRed({ modules: DASHBOARD_MODULES, flows: FLOWS });
      await waitForDashboards(red);
    });
    after(async () => {
      await red.stop();
    });

    it("serves both dashboards to a stranger (the premise)", async () => {
      assert.equal((await fetch(`${red.url}/ui/`)).status, 200);
      assert.equal((await fetch(`${red.url}/dashboard/`)).status, 200);
    });

    it("reports open pages, open live connections (checked live) and the open listener", async () => {
      const byId = await posture(red);
      // The server listens on 127.0.0.1 only: open doors are "low" there.
      const d1 = byId.get("NRS-DASH-001");
      assert.equal(d1?.severity, "low", JSON.stringify(d1));
      assert.match(d1.details?.[0] ?? "", /^\/ui: answered a request without credentials \(checked live\)/);
      const d2 = byId.get("NRS-DASH-002");
      assert.equal(d2?.severity, "low", JSON.stringify(d2));
      assert.match(d2.details?.[0] ?? "", /^\/dashboard: answered a request without credentials \(checked live\)/);
      const socket = byId.get("NRS-DASH-003");
      assert.equal(socket?.severity, "low", JSON.stringify(socket));
      assert.deepEqual(
        socket.details?.map((d) => /answered a handshake without a session \(checked live\)/.test(d)),
        [true, true],
      );
      const ws = byId.get("NRS-WS-001");
      assert.equal(ws?.severity, "low", JSON.stringify(ws));
      assert.deepEqual(ws.details, ["Listener at /ws/feed: anyone can connect"]);
    });
  });

  describe("with httpNodeAuth only", () => {
    let red: RunningNodeRed;
    before(async () => {
      red = await startNodeRed({
        modules: DASHBOARD_MODULES,
        flows: FLOWS,
        settings: `httpNodeAuth: { user: "user", pass: "${STRONG_10}" },`,
      });
      await waitForDashboards(red);
    });
    after(async () => {
      await red.stop();
    });

    it("guards the pages but not their socket.io handshake (the premise)", async () => {
      assert.equal((await fetch(`${red.url}/ui/`)).status, 401);
      const handshake = await fetch(`${red.url}/ui/socket.io/?EIO=4&transport=polling`);
      assert.equal(handshake.status, 200);
      assert.match(await handshake.text(), /"sid"/);
    });

    it("passes the pages and fails the live connections, checked live", async () => {
      const byId = await posture(red);
      assert.equal(byId.get("NRS-DASH-001")?.severity, "pass");
      assert.match(byId.get("NRS-DASH-001")?.title ?? "", /httpNodeAuth/);
      assert.equal(byId.get("NRS-DASH-002")?.severity, "pass");
      const socket = byId.get("NRS-DASH-003");
      assert.equal(socket?.severity, "low", JSON.stringify(socket));
      assert.ok(
        socket.details?.every((d) =>
          /checked live.*httpNodeAuth guards the pages but not this live connection/.test(d),
        ),
        JSON.stringify(socket.details),
      );
    });
  });

  describe("with auth gates protecting each path, and no settings.js change", () => {
    let red: RunningNodeRed;
    const gate = (id: string, scope: string, y: number): Record<string, unknown> => ({
      id,
      type: "auth-gate",
      z: "tab1",
      name: `protect ${scope}`,
      usersConfig: "users1",
      method: "both",
      roles: "",
      realm: "",
      title: "",
      scope,
      loginPath: "",
      logoutPath: "",
      protectScope: true,
      deniedOutput: false,
      trustProxy: false,
      securityHeaders: true,
      outputs: 1,
      x: 300,
      y,
      wires: [[]],
    });
    before(async () => {
      red = await startNodeRed({
        modules: DASHBOARD_MODULES,
        flows: [
          ...FLOWS,
          // No password set yet: the gates fail closed, which is all this test needs.
          { id: "users1", type: "auth-users", name: "Household", accounts: [], cost: 12, rev: 0 },
          gate("gate-ui", "/ui", 40),
          gate("gate-dash", "/dashboard", 80),
          gate("gate-ws", "/ws", 120),
        ],
      });
      await waitForDashboards(red);
    });
    after(async () => {
      await red.stop();
    });

    it("passes each door, naming the gate", async () => {
      const byId = await posture(red);
      const d1 = byId.get("NRS-DASH-001");
      assert.equal(d1?.severity, "pass", JSON.stringify(d1));
      assert.match(d1.title, /auth gate node \(gate-ui\)/);
      const d2 = byId.get("NRS-DASH-002");
      assert.equal(d2?.severity, "pass", JSON.stringify(d2));
      assert.match(d2.title, /auth gate node \(gate-dash\)/);
      const socket = byId.get("NRS-DASH-003");
      assert.equal(socket?.severity, "pass", JSON.stringify(socket));
      const ws = byId.get("NRS-WS-001");
      assert.equal(ws?.severity, "pass", JSON.stringify(ws));
      assert.match(ws.title, /auth gate node \(gate-ws\)/);
    });
  });

  describe("with every door guarded in settings.js", () => {
    let red: RunningNodeRed;
    before(async () => {
      red = await startNodeRed({
        modules: DASHBOARD_MODULES,
        flows: FLOWS,
        settings: `
  webSocketNodeVerifyClient: function (info, cb) { cb(false, 401); },
  ui: {
    middleware: function (req, res, next) { res.status(401).end(); },
    ioMiddleware: function (socket, next) { next(new Error("no")); }
  },`,
      });
      await waitForDashboards(red);
    });
    after(async () => {
      await red.stop();
    });

    it("refuses a stranger (the premise)", async () => {
      assert.equal((await fetch(`${red.url}/ui/`)).status, 401);
      assert.equal((await fetch(`${red.url}/dashboard/`)).status, 401);
    });

    it("passes each door, saying how", async () => {
      const byId = await posture(red);
      const d1 = byId.get("NRS-DASH-001");
      assert.equal(d1?.severity, "pass", JSON.stringify(d1));
      assert.match(d1.title, /ui\.middleware/);
      const d2 = byId.get("NRS-DASH-002");
      assert.equal(d2?.severity, "pass", JSON.stringify(d2));
      assert.match(d2.title, /ui\.middleware/);
      const socket = byId.get("NRS-DASH-003");
      assert.equal(socket?.severity, "pass", JSON.stringify(socket));
      assert.ok(socket.details?.some((d) => /ui\.ioMiddleware/.test(d)));
      const ws = byId.get("NRS-WS-001");
      assert.equal(ws?.severity, "pass", JSON.stringify(ws));
      assert.match(ws.title, /webSocketNodeVerifyClient/);
    });
  });
});
