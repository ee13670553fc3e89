import assert from "node:assert/strict";
import fc from "fast-check";
import { collectFacts, dashboardPaths, gatesInFlows, runAudit, type DoorContext } from "../../../src/audit";
import { translator } from "../../../src/i18n/catalog";
import { STRONG_12 } from "../../support/hashes";

const BOTH = { dashboard1: true, dashboard2: true };

async function doorsOf(settings: Record<string, unknown>, doors: DoorContext) {
  const facts = await collectFacts(settings, { source: "settings-file", doors });
  return { doors: facts.doors, notes: facts.notes.map(translator("findings.json", "en-US")) };
}

describe("collecting facts about dashboards and websocket listeners", () => {
  it("leaves doors out when the caller did not look", async () => {
    const facts = await collectFacts({}, { source: "settings-file" });
    assert.equal(facts.doors, undefined);
  });

  it("describes dashboards, listeners and guards", async () => {
    const { doors } = await doorsOf(
      {
        ui: { path: "ui/", middleware: () => undefined },
        httpNodeRoot: "/red/",
        webSocketNodeVerifyClient: () => true,
      },
      {
        installed: BOTH,
        flows: [
          { id: "b", type: "ui-base", path: "/dashboard" },
          { id: "w", type: "websocket-listener", path: "/ws" },
          { id: "w2", type: "websocket-listener", path: "/ws" },
        ],
        guards: [{ id: "g", scope: "/ui/", source: "auth-gate", covers: ["http", "bogus"] }],
        live: [{ path: "/dashboard", page: "open", socket: "maybe" as "open" }],
      },
    );
    assert.deepEqual(doors, {
      httpNodeRoot: "/red",
      dashboard1: { settingsKey: "ui", doors: [{ path: "/ui" }], middleware: true, ioMiddleware: false },
      dashboard2: {
        settingsKey: "ui",
        doors: [{ path: "/dashboard", page: "open" }],
        middleware: true,
        ioMiddleware: false,
      },
      websockets: { paths: ["/ws"], verifier: true },
      guards: [{ id: "g", scope: "/ui", source: "auth-gate", covers: ["http"] }],
      flowsRead: true,
    });
  });

  it("describes strange flows and settings without throwing", async () => {
    for (const flows of ["flows", 42, null, { nodes: [] }, [null, 1, "x", [], { type: "ui-base", path: 7 }]]) {
      const { doors, notes } = await doorsOf({ ui: "ui", dashboard: 0 }, { installed: BOTH, flows, guards: "none" });
      assert.ok(doors, JSON.stringify(flows));
      assert.equal(doors.dashboard1?.doors[0]?.path, "/ui");
      if (!Array.isArray(flows)) {
        assert.equal(doors.flowsRead, false);
        assert.ok(notes.some((n) => /not a list of nodes/.test(n)));
      } else {
        // A ui-base node without a usable path serves at Dashboard 2's default.
        assert.deepEqual(doors.dashboard2?.doors, [{ path: "/dashboard" }]);
      }
    }
    const { doors, notes } = await doorsOf(
      {},
      { installed: BOTH, flows: [{ type: "websocket-listener" }, { type: "websocket-listener", path: "  " }] },
    );
    assert.deepEqual(doors?.websockets.paths, []);
    assert.ok(notes.some((n) => /2 websocket-listener node\(s\) have no path/.test(n)));
    // A missing `installed` (plain JavaScript callers) means nothing is installed.
    const odd = await doorsOf({}, {} as DoorContext);
    assert.equal(odd.doors?.dashboard1, undefined);
    assert.equal(odd.doors?.flowsRead, false);
  });

  it("lists the paths a live check should visit", () => {
    assert.deepEqual(dashboardPaths({ ui: { path: "/x/y/" } }, { installed: BOTH, flows: [{ type: "ui-base" }] }), {
      dashboard1: "/x/y",
      dashboard2: ["/dashboard"],
    });
    assert.deepEqual(dashboardPaths({}, { installed: { dashboard1: false, dashboard2: false } }), { dashboard2: [] });
  });

  it("finds auth gates that protect a path, for the CLI", () => {
    assert.deepEqual(
      gatesInFlows([
        { id: "a", type: "auth-gate", protectScope: true, scope: "/ui/" },
        { id: "b", type: "auth-gate", protectScope: false, scope: "/x" },
        { id: "c", type: "auth-gate", protectScope: true, scope: "/off", d: true },
        { type: "auth-gate", protectScope: true },
      ]),
      [{ id: "a", scope: "/ui", source: "auth-gate", covers: ["http", "socket.io", "websocket"] }],
    );
    assert.deepEqual(gatesInFlows("nonsense"), []);
  });

  it("never carries a secret from the dashboard settings", async () => {
    const facts = await collectFacts(
      { ui: { middleware: () => undefined, users: [{ username: "admin", password: STRONG_12 }] } },
      { source: "settings-file", doors: { installed: BOTH, flows: [] } },
    );
    assert.ok(!JSON.stringify([facts, runAudit(facts)]).includes(STRONG_12));
  });

  it("describes any doors input without throwing (property)", async () => {
    const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withMap: true });
    const node = fc.dictionary(
      fc.constantFrom("id", "type", "path", "z", "d", "disabled", "scope", "protectScope"),
      fc.oneof(fc.constantFrom("ui-base", "websocket-listener", "auth-gate", "tab", "/p", true), anything),
    );
    const settings = fc.dictionary(
      fc.constantFrom("ui", "dashboard", "httpNodeRoot", "httpRoot", "webSocketNodeVerifyClient", "httpNodeAuth"),
      anything,
    );
    const context = fc.record(
      {
        installed: fc.oneof(fc.record({ dashboard1: fc.boolean(), dashboard2: fc.boolean() }), anything),
        flows: fc.oneof(fc.array(fc.oneof(node, anything)), anything),
        guards: fc.oneof(
          fc.array(
            fc.record({
              id: fc.string(),
              scope: fc.oneof(fc.constantFrom("/", "/ui", "/dashboard"), fc.string()),
              source: fc.constantFrom("auth-gate", "settings", "x"),
              covers: fc.array(fc.constantFrom("http", "socket.io", "websocket", "http-in", "x")),
            }),
          ),
          anything,
        ),
        live: fc.oneof(
          fc.array(
            fc.record({
              path: fc.oneof(fc.constantFrom("/ui", "/dashboard"), anything),
              page: fc.oneof(fc.constantFrom("open", "closed", "absent"), anything),
              socket: fc.oneof(fc.constantFrom("open", "closed", "absent"), anything),
            }),
          ),
          anything,
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(settings, context, async (s, c) => {
        const facts = await collectFacts(s, { source: "runtime", doors: c as unknown as DoorContext });
        const report = runAudit(facts);
        assert.ok(report.score >= 0 && report.score <= 100);
        assert.ok(report.findings.every((f) => !f.title.includes("could not be checked")));
      }),
      { numRuns: 300 },
    );
  });
});
