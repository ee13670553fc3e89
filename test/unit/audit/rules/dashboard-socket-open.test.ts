import assert from "node:assert/strict";
import type { DoorContext } from "../../../../src/audit";
import rule from "../../../../src/audit/rules/dashboard-socket-open";
import { LOCAL, judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";

const BASE = { id: "b1", type: "ui-base", path: "/dashboard" };
function doors(
  installed: DoorContext["installed"] = { dashboard1: true, dashboard2: false },
  extra: Partial<DoorContext> = {},
): { doors: DoorContext } {
  return { doors: { installed, flows: [BASE], ...extra } };
}
const BOTH = { dashboard1: true, dashboard2: true };
const ONLY_2 = { dashboard1: false, dashboard2: true };
const mw = (): void => undefined;
const BASIC = { httpNodeAuth: { user: "u", pass: STRONG_12 } };

describe("NRS-DASH-003 open dashboard socket.io", () => {
  it("is silent without a dashboard that serves pages", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, doors({ dashboard1: false, dashboard2: false })), undefined);
    assert.equal(await judge(rule, {}, { doors: { installed: ONLY_2, flows: [] } }), undefined);
  });

  it("fails when httpNodeAuth guards the pages but not the socket", async () => {
    const f = await judge(rule, BASIC, doors(BOTH));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, [
      "node-red-dashboard: /ui/socket.io: no ui.ioMiddleware or auth gate checks the handshake; httpNodeAuth guards the pages but not this live connection",
      "Dashboard 2: /dashboard/socket.io: no ui.ioMiddleware or auth gate checks the handshake; httpNodeAuth guards the pages but not this live connection",
    ]);
    // Both dashboards' settings, as one settings.js fragment.
    assert.match(f.snippet ?? "", /^ui: \{[\s\S]*\n\},\ndashboard: require/);
    assert.equal((await judge(rule, { ...BASIC, ...LOCAL }, doors(BOTH)))?.severity, "low");
  });

  it("fails with page middleware but no ioMiddleware, offering the matching snippet", async () => {
    const f = await judge(rule, { dashboard: { middleware: mw } }, doors(ONLY_2));
    assert.equal(f?.severity, "high");
    assert.match(f.details?.[0] ?? "", /dashboard\.middleware guards the pages but not/);
    assert.match(f.snippet ?? "", /^dashboard: require/);
  });

  it("fails when pages are open too (the socket is as open as they are)", async () => {
    assert.equal((await judge(rule, {}, doors()))?.severity, "high");
  });

  it("passes with ioMiddleware or a socket.io guard of ours", async () => {
    const a = await judge(rule, { ui: { middleware: mw, ioMiddleware: mw } }, doors(BOTH));
    assert.equal(a?.severity, "pass");
    assert.ok(a.details?.some((d) => /cross-origin check/.test(d)));
    const guards = [{ id: "g", scope: "/", source: "auth-gate", covers: ["http", "socket.io", "websocket"] }];
    const b = await judge(rule, BASIC, doors(BOTH, { guards }));
    assert.equal(b?.severity, "pass");
    assert.ok(!b.details?.some((d) => /cross-origin/.test(d)));
    // Our dashboard() factory in `ui` registers a settings guard and makes the cross-origin check itself.
    const factory = [{ id: "f", scope: "/", source: "settings", covers: ["http", "socket.io"] }];
    const c = await judge(rule, { ui: { middleware: mw, ioMiddleware: mw } }, doors(undefined, { guards: factory }));
    assert.equal(c?.severity, "pass");
    assert.ok(!c.details?.some((d) => /cross-origin/.test(d)));
    // ...but that guard alone does not say it sits in front of this dashboard.
    assert.equal((await judge(rule, BASIC, doors(undefined, { guards: factory })))?.severity, "high");
    const httpOnly = [{ id: "g", scope: "/ui", source: "auth-gate", covers: ["http"] }];
    assert.equal((await judge(rule, {}, doors(undefined, { guards: httpOnly })))?.severity, "high");
  });

  it("uses the live check, knowing the handshake precedes ioMiddleware", async () => {
    const open = await judge(
      rule,
      BASIC,
      doors(undefined, { live: [{ path: "/ui", page: "closed", socket: "open" }] }),
    );
    assert.equal(open?.severity, "high");
    assert.match(open.details?.[0] ?? "", /answered a handshake without a session \(checked live\)/);
    const decided = await judge(
      rule,
      { ui: { ioMiddleware: [mw] } },
      doors(undefined, { live: [{ path: "/ui", socket: "open" }] }),
    );
    assert.equal(decided?.severity, "pass");
    const refused = await judge(
      rule,
      {},
      doors(undefined, { live: [{ path: "/ui", page: "open", socket: "closed" }] }),
    );
    assert.equal(refused?.severity, "pass");
    assert.match(refused.details?.[0] ?? "", /refused a handshake/);
    const gone = await judge(rule, {}, doors(undefined, { live: [{ path: "/ui", page: "absent" }] }));
    assert.equal(gone, undefined);
  });
});
