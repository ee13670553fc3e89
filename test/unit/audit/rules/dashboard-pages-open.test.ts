import assert from "node:assert/strict";
import type { DoorContext } from "../../../../src/audit";
import rule from "../../../../src/audit/rules/dashboard-pages-open";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

function doors(extra: Partial<DoorContext> = {}): { doors: DoorContext } {
  return { doors: { installed: { dashboard1: true, dashboard2: false }, flows: [], ...extra } };
}
const mw = (): void => undefined;

describe("NRS-DASH-001 open node-red-dashboard", () => {
  it("is silent when node-red-dashboard is not installed, or nobody looked", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, { doors: { installed: { dashboard1: false, dashboard2: true } } }), undefined);
  });

  it("is high when reachable, low on loopback, naming the page", async () => {
    const f = await judge(rule, {}, doors());
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, ["/ui: no ui.middleware, httpNodeAuth or auth gate covers it"]);
    assert.match(f.snippet ?? "", /\{\{HASH\}\}/);
    assert.ok(f.fix.some((step) => /auth gate node.*protect everything under this path.*\/ui/.test(step)));
    assert.equal((await judge(rule, { ...LOCAL }, doors()))?.severity, "low");
  });

  it("follows ui.path and httpNodeRoot", async () => {
    const f = await judge(rule, { ui: { path: "/my-ui/" }, httpNodeRoot: "/red/" }, doors());
    assert.match(f?.details?.[0] ?? "", /^\/red\/my-ui: /);
  });

  it("passes behind ui.middleware, httpNodeAuth or a guard of ours, saying which", async () => {
    const a = await judge(rule, { ui: { middleware: mw } }, doors());
    assert.equal(a?.severity, "pass");
    assert.match(a.title, /ui\.middleware/);
    const b = await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, doors());
    assert.equal(b?.severity, "pass");
    assert.match(b.title, /httpNodeAuth/);
    assert.equal((await judge(rule, { httpNodeAuth: [mw] }, doors()))?.severity, "pass");
    const gate = { id: "g1", scope: "/ui", source: "auth-gate", covers: ["http"] };
    const c = await judge(rule, {}, doors({ guards: [gate] }));
    assert.equal(c?.severity, "pass");
    assert.match(c.title, /auth gate node \(g1\)/);
    const everything = { id: "g2", scope: "/", source: "auth-gate", covers: ["http", "socket.io", "websocket"] };
    assert.equal((await judge(rule, {}, doors({ guards: [everything] })))?.severity, "pass");
  });

  it("is not fooled by guards of other paths or other doors", async () => {
    const guards = [
      { id: "a", scope: "/uix", source: "auth-gate", covers: ["http"] },
      { id: "b", scope: "/ui", source: "auth-gate", covers: ["socket.io", "websocket", "http-in"] },
      { id: "c", scope: "/ui/deeper", source: "auth-gate", covers: ["http"] },
      // A settings.js factory says "/" wherever it is plugged in: here, say, only into `dashboard`.
      { id: "d", scope: "/", source: "settings", covers: ["http", "socket.io"] },
    ];
    assert.equal((await judge(rule, {}, doors({ guards })))?.severity, "high");
    // An invalid httpNodeAuth guards nothing here (NRS-HTTP-002 reports it).
    assert.equal((await judge(rule, { httpNodeAuth: "secret" }, doors()))?.severity, "high");
  });

  it("believes the live check over the settings", async () => {
    const open = await judge(rule, { ui: { middleware: mw } }, doors({ live: [{ path: "/ui", page: "open" }] }));
    assert.equal(open?.severity, "high");
    assert.match(open.details?.[0] ?? "", /checked live.*although ui\.middleware/);
    const closed = await judge(rule, {}, doors({ live: [{ path: "/ui", page: "closed" }] }));
    assert.equal(closed?.severity, "pass");
    assert.match(closed.title, /checked live/);
    const absent = await judge(rule, {}, doors({ live: [{ path: "ui", page: "absent" }] }));
    assert.equal(absent?.severity, "pass");
    assert.match(absent.title, /serves no pages/);
  });

  it("passes when httpNodeRoot switches HTTP nodes off", async () => {
    assert.equal((await judge(rule, { httpNodeRoot: false }, doors()))?.severity, "pass");
  });
});
