import assert from "node:assert/strict";
import type { DoorContext } from "../../../../src/audit";
import rule from "../../../../src/audit/rules/websocket-listener-open";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const LISTENERS = [
  { id: "l1", type: "websocket-listener", path: "/ws/a", wholemsg: "false" },
  { id: "l2", type: "websocket-listener", path: "ws/b" },
  { id: "c1", type: "websocket-client", path: "ws://example.com/feed" },
  { id: "c2", type: "websocket-listener", path: "wss://example.com/feed" },
];
function doors(flows: unknown = LISTENERS, extra: Partial<DoorContext> = {}): { doors: DoorContext } {
  return { doors: { installed: { dashboard1: false, dashboard2: false }, flows, ...extra } };
}

describe("NRS-WS-001 open websocket listeners", () => {
  it("is silent without listeners, or when nobody looked", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, doors([])), undefined);
    assert.equal(await judge(rule, {}, doors([LISTENERS[2], LISTENERS[3]])), undefined);
  });

  it("is medium when reachable, low on loopback, listing the listeners", async () => {
    const f = await judge(rule, {}, doors());
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["Listener at /ws/a: anyone can connect", "Listener at /ws/b: anyone can connect"]);
    assert.match(f.snippet ?? "", /webSocketNodeVerifyClient: require\("node-red-contrib-security"\)\.verifyClient/);
    assert.ok(f.fix.some((s) => /auth gate node/.test(s)));
    assert.equal((await judge(rule, { ...LOCAL }, doors()))?.severity, "low");
  });

  it("puts httpNodeRoot in front of the paths, as Node-RED does", async () => {
    const f = await judge(rule, { httpNodeRoot: "/red" }, doors([LISTENERS[0]]));
    assert.deepEqual(f?.details, ["Listener at /red/ws/a: anyone can connect"]);
  });

  it("is not fooled by httpNodeAuth or httpNodeMiddleware", async () => {
    const f = await judge(
      rule,
      { httpNodeAuth: { user: "u", pass: STRONG_12 }, httpNodeMiddleware: () => undefined },
      doors(),
    );
    assert.equal(f?.severity, "medium");
  });

  it("passes with webSocketNodeVerifyClient", async () => {
    const f = await judge(rule, { webSocketNodeVerifyClient: () => true }, doors());
    assert.equal(f?.severity, "pass");
    assert.match(f.title, /webSocketNodeVerifyClient/);
    assert.equal((await judge(rule, { webSocketNodeVerifyClient: true }, doors()))?.severity, "medium");
  });

  it("passes where our guards cover every listener, and lists the rest", async () => {
    const all = [{ id: "g", scope: "/ws", source: "auth-gate", covers: ["http", "socket.io", "websocket"] }];
    const f = await judge(rule, {}, doors(undefined, { guards: all }));
    assert.equal(f?.severity, "pass");
    assert.match(f.title, /auth gate node \(g\)/);
    const some = [{ id: "g", scope: "/ws/a", source: "auth-gate", covers: ["websocket"] }];
    assert.deepEqual((await judge(rule, {}, doors(undefined, { guards: some })))?.details, [
      "Listener at /ws/b: anyone can connect",
    ]);
    const httpOnly = [{ id: "g", scope: "/", source: "auth-gate", covers: ["http"] }];
    assert.equal((await judge(rule, {}, doors(undefined, { guards: httpOnly })))?.severity, "medium");
    // A verifyClient() factory that is not webSocketNodeVerifyClient guards nothing here.
    const factory = [{ id: "f", scope: "/", source: "settings", covers: ["websocket"] }];
    assert.equal((await judge(rule, {}, doors(undefined, { guards: factory })))?.severity, "medium");
  });
});
