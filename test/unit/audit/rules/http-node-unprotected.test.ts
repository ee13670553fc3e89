import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/http-node-unprotected";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";
import { TAB, n, withFlows } from "./flow-support";

const GATED = [
  TAB,
  n("h", "http in", [["g"]], { url: "/api/temperature", method: "get" }),
  n("g", "auth-gate", [["r"]]),
  n("r", "http response", []),
];
const DASH2 = [
  { id: "b", type: "ui-base", path: "/dashboard" },
  { id: "p", type: "ui-page", ui: "b", path: "/home" },
];
const GATE_DASH = { id: "pg", scope: "/dashboard", source: "auth-gate", covers: ["http", "socket.io", "websocket"] };

describe("NRS-HTTP-001 open http-in endpoints", () => {
  it("is medium when reachable, low on loopback", async () => {
    assert.equal((await judge(rule, {}))?.severity, "medium");
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "low");
  });

  it("passes with httpNodeAuth, middleware as httpNodeAuth, or httpNodeMiddleware", async () => {
    assert.equal((await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }))?.severity, "pass");
    assert.equal((await judge(rule, { httpNodeAuth: () => undefined }))?.severity, "pass");
    const mw = await judge(rule, { httpNodeMiddleware: [() => undefined] });
    assert.equal(mw?.severity, "pass");
    assert.match(mw.details?.[0] ?? "", /does not cover dashboards/);
  });

  it("passes when httpNodeRoot is off", async () => {
    assert.equal((await judge(rule, { httpNodeRoot: false }))?.severity, "pass");
  });

  it("honours the legacy httpAuth setting", async () => {
    assert.equal((await judge(rule, { httpAuth: { user: "u", pass: STRONG_12 } }))?.severity, "pass");
  });

  it("passes when auth gates close every endpoint and dashboard there is, without httpNodeAuth", async () => {
    const wired = await judge(rule, {}, withFlows(GATED));
    assert.equal(wired?.severity, "pass");
    assert.equal(wired.title, "Every HTTP endpoint and dashboard in the flows is behind a login");
    assert.deepEqual(wired.details?.[0], "GET /api/temperature: behind an auth gate on its wires");

    const both = await judge(
      rule,
      {},
      withFlows([...GATED, ...DASH2], { installed: { dashboard1: false, dashboard2: true }, guards: [GATE_DASH] }),
    );
    assert.equal(both?.severity, "pass");
    assert.ok(
      both.details?.some((d) => /\/dashboard: behind an auth gate node \(pg\)/.test(d)),
      String(both.details),
    );

    const all = [{ id: "root", scope: "/", source: "auth-gate", covers: ["http", "socket.io", "websocket"] }];
    const root = await judge(rule, {}, withFlows([TAB, n("h", "http in", [["r"]], { url: "/x" })], { guards: all }));
    assert.equal(root?.severity, "pass");
    assert.match(root.title, /^Everything under \/ is behind an auth gate node \(root\)/);
  });

  it("still fires when one endpoint or dashboard stays open beside the gated ones", async () => {
    const open = [...GATED, n("h2", "http in", [["r"]], { url: "/open" })];
    assert.equal((await judge(rule, {}, withFlows(open)))?.severity, "medium");
    const dash = await judge(
      rule,
      {},
      withFlows([...GATED, ...DASH2], { installed: { dashboard1: false, dashboard2: true } }),
    );
    assert.equal(dash?.severity, "medium");
  });

  it("passes when the settings.js dashboard helpers close the dashboards and a gate the endpoints", async () => {
    const helper = () => undefined;
    const f = await judge(
      rule,
      { ui: { middleware: helper }, dashboard: { middleware: helper } },
      withFlows([...GATED, ...DASH2], { installed: { dashboard1: true, dashboard2: true } }),
    );
    assert.equal(f?.severity, "pass");
    assert.ok(
      f.details?.some((d) => /\/ui: behind ui\.middleware/.test(d)),
      String(f.details),
    );
    assert.ok(
      f.details?.some((d) => /\/dashboard: behind dashboard\.middleware/.test(d)),
      String(f.details),
    );
  });
});
