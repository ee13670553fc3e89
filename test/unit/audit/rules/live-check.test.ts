import assert from "node:assert/strict";
import type { LiveCheckFacts, LiveCheckResult } from "../../../../src/audit/facts";
import rule from "../../../../src/audit/rules/live-check";
import { LOCAL, judge } from "../../../support/audit";

const result = (over: Partial<LiveCheckResult>): LiveCheckResult => ({
  kind: "http-in",
  label: "GET /door",
  path: "/door",
  method: "HEAD",
  state: "closed",
  status: 401,
  ...over,
});
const check = (results: LiveCheckResult[]): { liveCheck: LiveCheckFacts } => ({
  liveCheck: { base: "http://127.0.0.1:1880", results },
});

describe("NRS-LIVE-001 what a stranger reached", () => {
  it("says nothing when no live check ran", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });

  it("passes when every door asked refused, and says what was not asked", async () => {
    const finding = await judge(
      rule,
      {},
      check([
        result({ kind: "admin-api", label: "admin API: GET /flows" }),
        result({}),
        result({ label: "POST /upload", state: "skipped", note: "not asked: the live check never sends POST" }),
      ]),
    );
    assert.equal(finding?.severity, "pass");
    assert.match(finding.title, /2 of 2 asked refused/);
    assert.deepEqual(finding.details, ["POST /upload: not asked: the live check never sends POST"]);
  });

  it("is critical when the admin API answers a stranger, naming each open door and its node", async () => {
    const node = { id: "n1", type: "http in", name: "door" };
    const finding = await judge(
      rule,
      {},
      check([
        result({ kind: "admin-api", label: "admin API: GET /flows", state: "open", status: 200 }),
        result({ state: "open", status: 200, node }),
        result({ kind: "websocket", label: "websocket /ws", method: "UPGRADE", state: "open", status: 101 }),
      ]),
    );
    assert.equal(finding?.severity, "critical");
    assert.equal(finding.title, "A stranger reached 3 doors without logging in");
    assert.deepEqual(finding.details, [
      "admin API: GET /flows: answered 200 without a login",
      "GET /door: answered 200 without a login",
      "websocket /ws: opened a websocket without a login",
    ]);
    assert.deepEqual(finding.nodes, [node]);
  });

  it("takes the worst open door's severity, and low when only this machine can reach it", async () => {
    const open = check([result({ state: "open", status: 200 }), result({ kind: "static", state: "open" })]);
    assert.equal((await judge(rule, {}, open))?.severity, "medium");
    assert.equal((await judge(rule, { ...LOCAL }, open))?.severity, "low");
    const dash = check([result({ kind: "dashboard", label: "Dashboard 2 /dashboard", state: "open", status: 200 })]);
    assert.equal((await judge(rule, {}, dash))?.severity, "high");
  });
});
