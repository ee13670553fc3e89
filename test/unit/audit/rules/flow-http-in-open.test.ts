import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-http-in-open";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";
import { TAB, n, withFlows } from "./flow-support";

const OPEN = [
  TAB,
  n("h", "http in", [["r"]], { url: "api/temp", method: "get", name: "temperature" }),
  n("r", "http response", []),
];
const GATED = [
  TAB,
  n("h2", "http in", [["g"]], { url: "/private", method: "post" }),
  n("g", "auth-gate", [["r"]]),
  n("r", "http response", []),
];

describe("NRS-FLOW-001 open http-in endpoints in the flows", () => {
  it("is silent without flows or without http in nodes", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, withFlows([TAB, n("d", "debug", [])])), undefined);
    assert.equal(await judge(rule, { httpNodeRoot: false }, withFlows(OPEN)), undefined);
  });

  it("lists open endpoints with their method, path and node; medium when reachable, low on loopback", async () => {
    const f = await judge(rule, {}, withFlows([...OPEN, ...GATED.slice(1)]));
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["GET /api/temp (http in 'temperature' (h))"]);
    assert.deepEqual(f.nodes, [{ id: "h", type: "http in", name: "temperature", z: "t1" }]);
    assert.equal((await judge(rule, { ...LOCAL }, withFlows(OPEN)))?.severity, "low");
  });

  it("passes behind httpNodeAuth, httpNodeMiddleware, a path guard or a gate on the wires", async () => {
    const basic = await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, withFlows(OPEN));
    assert.equal(basic?.severity, "pass");
    assert.deepEqual(basic.details, ["GET /api/temp: behind httpNodeAuth"]);
    const mw = await judge(rule, { httpNodeMiddleware: () => undefined }, withFlows(OPEN));
    assert.match(mw?.details?.[0] ?? "", /assumed to check logins/);
    const guard = [{ id: "pg", scope: "/api", source: "auth-gate", covers: ["http", "socket.io", "websocket"] }];
    assert.equal((await judge(rule, {}, withFlows(OPEN, { guards: guard })))?.severity, "pass");
    const elsewhere = [{ id: "pg", scope: "/ui", source: "auth-gate", covers: ["http"] }];
    assert.equal((await judge(rule, {}, withFlows(OPEN, { guards: elsewhere })))?.severity, "medium");
    assert.equal((await judge(rule, {}, withFlows(GATED)))?.severity, "pass");
  });
});
