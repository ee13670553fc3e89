import assert from "node:assert/strict";
import type { DoorContext } from "../../../../src/audit";
import rule from "../../../../src/audit/rules/dashboard2-pages-open";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const BASE = { id: "b1", type: "ui-base", name: "My Dashboard", path: "/dashboard" };
function doors(flows: unknown = [BASE], extra: Partial<DoorContext> = {}): { doors: DoorContext } {
  return { doors: { installed: { dashboard1: false, dashboard2: true }, flows, ...extra } };
}
const mw = (): void => undefined;

describe("NRS-DASH-002 open Dashboard 2", () => {
  it("is silent when Dashboard 2 is not installed or has no ui-base node", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, { doors: { installed: { dashboard1: true, dashboard2: false } } }), undefined);
    assert.equal(await judge(rule, {}, doors([{ id: "t", type: "tab" }])), undefined);
  });

  it("says so when the flows could not be read", async () => {
    const f = await judge(rule, {}, { doors: { installed: { dashboard1: false, dashboard2: true } } });
    assert.equal(f?.severity, "info");
    assert.equal(f.penalty, 0);
  });

  it("is high when reachable, low on loopback, naming each ui-base path", async () => {
    const f = await judge(rule, {}, doors([BASE, { id: "b2", type: "ui-base", path: "/plant/" }, { type: "ui-base" }]));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, [
      "/dashboard: no ui.middleware, httpNodeAuth or auth gate covers it",
      "/plant: no ui.middleware, httpNodeAuth or auth gate covers it",
    ]);
    assert.match(f.snippet ?? "", /^dashboard: require\("node-red-contrib-security"\)\.dashboard/);
    assert.equal((await judge(rule, { ...LOCAL }, doors()))?.severity, "low");
  });

  it("leaves out disabled nodes and the nodes of disabled tabs", async () => {
    const flows = [
      { id: "t1", type: "tab", disabled: true },
      { id: "x", type: "ui-base", path: "/off", z: "t1" },
      { id: "y", type: "ui-base", path: "/also-off", d: true },
    ];
    assert.equal(await judge(rule, {}, doors(flows)), undefined);
  });

  it("reads `dashboard`, falling back to `ui` as Dashboard 2 does", async () => {
    const a = await judge(rule, { dashboard: { middleware: [mw] } }, doors());
    assert.equal(a?.severity, "pass");
    assert.match(a.title, /dashboard\.middleware/);
    const b = await judge(rule, { ui: { middleware: mw } }, doors());
    assert.equal(b?.severity, "pass");
    assert.match(b.title, /ui\.middleware/);
    // With `dashboard` set, Dashboard 2 never looks at `ui`.
    const c = await judge(rule, { dashboard: { path: "x" }, ui: { middleware: mw } }, doors());
    assert.equal(c?.severity, "high");
    assert.match(c.details?.[0] ?? "", /no dashboard\.middleware/);
  });

  it("passes behind httpNodeAuth or an auth gate, fails where the live check got in", async () => {
    assert.equal((await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, doors()))?.severity, "pass");
    const guards = [{ id: "g", scope: "/dashboard", source: "auth-gate", covers: ["http", "socket.io"] }];
    assert.equal((await judge(rule, {}, doors([BASE], { guards })))?.severity, "pass");
    const live = await judge(
      rule,
      { dashboard: { middleware: mw } },
      doors([BASE], { live: [{ path: "/dashboard", page: "open" }] }),
    );
    assert.equal(live?.severity, "high");
    assert.match(live.details?.[0] ?? "", /checked live/);
  });

  it("accepts the admin API's { flows, rev } shape", async () => {
    assert.equal((await judge(rule, {}, doors({ flows: [BASE], rev: "abc" })))?.severity, "high");
  });
});
