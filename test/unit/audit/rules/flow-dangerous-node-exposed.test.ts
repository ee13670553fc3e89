import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-dangerous-node-exposed";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";
import { TAB, n, withFlows } from "./flow-support";

const RUN = [
  TAB,
  n("h", "http in", [["f"]], { url: "/run", method: "get" }),
  n("f", "function", [["x"]], { func: "return msg;" }),
  n("x", "exec", [[], [], []], { name: "reboot", command: "sudo reboot" }),
];

describe("NRS-FLOW-002 exec, daemon and file nodes within outsiders' reach", () => {
  it("is silent without flows or without such nodes", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, withFlows(RUN.slice(0, 3))), undefined);
  });

  it("is critical from an open endpoint when reachable, high on loopback, naming source and sink", async () => {
    const f = await judge(rule, {}, withFlows(RUN));
    assert.equal(f?.severity, "critical");
    assert.deepEqual(f.details, ["http in GET /run → exec 'reboot'"]);
    assert.deepEqual(
      f.nodes?.map((x) => x.id),
      ["h", "x"],
    );
    assert.equal((await judge(rule, { ...LOCAL }, withFlows(RUN)))?.severity, "high");
  });

  it("counts a raw TCP or UDP listener as a way in, even with httpNodeAuth set", async () => {
    const tcp = [TAB, n("t", "tcp in", [["x"]], { server: "server", port: "5000" }), RUN[3]];
    const f = await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, withFlows(tcp));
    assert.equal(f?.severity, "critical");
    assert.deepEqual(f.details, ["tcp in port 5000 → exec 'reboot'"]);
    const client = [TAB, n("t", "tcp in", [["x"]], { server: "client", host: "example.com", port: "80" }), RUN[3]];
    assert.equal((await judge(rule, {}, withFlows(client)))?.severity, "pass");
  });

  it("passes when the endpoint is protected, and when an inject is the only way in", async () => {
    assert.equal(
      (await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, withFlows(RUN)))?.severity,
      "pass",
    );
    const gated = [TAB, n("h", "http in", [["g"]], { url: "/run" }), n("g", "auth-gate", [["x"]]), RUN[3]];
    assert.equal((await judge(rule, {}, withFlows(gated)))?.severity, "pass");
    const injected = [TAB, n("i", "inject", [["x"]]), RUN[3]];
    assert.equal((await judge(rule, {}, withFlows(injected)))?.severity, "pass");
  });

  it("counts a gate's denied output as outsiders' traffic", async () => {
    const denied = [
      TAB,
      n("h", "http in", [["g"]], { url: "/run" }),
      n("g", "auth-gate", [[], ["x"]], { deniedOutput: true }),
      RUN[3],
    ];
    assert.equal((await judge(rule, {}, withFlows(denied)))?.severity, "critical");
  });

  it("counts MQTT always, websockets unless verified, dashboards when open", async () => {
    const file = n("w", "file", [[]], { name: "log", filename: "/tmp/x" });
    const mqtt = [TAB, n("m", "mqtt in", [["w"]], { topic: "home/log" }), file];
    assert.deepEqual((await judge(rule, {}, withFlows(mqtt)))?.details, ["mqtt in home/log → file 'log'"]);
    const ws = [
      TAB,
      { id: "l", type: "websocket-listener", path: "/ws" },
      n("s", "websocket in", [["w"]], { server: "l" }),
      file,
    ];
    assert.equal((await judge(rule, {}, withFlows(ws)))?.severity, "critical");
    assert.equal((await judge(rule, { webSocketNodeVerifyClient: () => true }, withFlows(ws)))?.severity, "pass");
    const wsGuard = [{ id: "g", scope: "/ws", source: "auth-gate", covers: ["websocket"] }];
    assert.equal((await judge(rule, {}, withFlows(ws, { guards: wsGuard })))?.severity, "pass");
    const dash = [TAB, n("b", "ui_button", [["w"]], { name: "Log" }), file];
    const installed = { installed: { dashboard1: true, dashboard2: false } };
    assert.deepEqual((await judge(rule, {}, withFlows(dash, installed)))?.details, [
      "node-red-dashboard ui_button 'Log' → file 'log'",
    ]);
    const guarded = { ...installed, live: [{ path: "/ui", page: "closed" as const, socket: "closed" as const }] };
    assert.equal(
      (
        await judge(
          rule,
          { ui: { middleware: () => undefined, ioMiddleware: () => undefined } },
          withFlows(dash, guarded),
        )
      )?.severity,
      "pass",
    );
    // Not installed: the widget never runs.
    assert.equal((await judge(rule, {}, withFlows(dash)))?.severity, "pass");
  });
});
