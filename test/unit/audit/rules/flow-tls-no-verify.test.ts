import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-tls-no-verify";
import { judge } from "../../../support/audit";
import { TAB, n, withFlows } from "./flow-support";

describe("NRS-FLOW-005 TLS without certificate checks", () => {
  it("is silent without tls-config nodes; passes when they verify", async () => {
    assert.equal(await judge(rule, {}, withFlows([TAB])), undefined);
    assert.equal(
      (await judge(rule, {}, withFlows([TAB, { id: "c", type: "tls-config", verifyservercert: true }])))?.severity,
      "pass",
    );
  });

  it("is medium when a node uses an unverified config, naming both; low when nothing uses it", async () => {
    const cfg = { id: "c", type: "tls-config", name: "lab", verifyservercert: false };
    const req = n("r", "http request", [[]], { name: "weather", url: "https://x.example", tls: "c" });
    const f = await judge(rule, {}, withFlows([TAB, cfg, req]));
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, ["tls-config 'lab' (c): used by http request 'weather' (r)"]);
    assert.deepEqual(
      f.nodes?.map((x) => x.id),
      ["c", "r"],
    );
    const unused = await judge(rule, {}, withFlows([TAB, cfg]));
    assert.equal(unused?.severity, "low");
    assert.match(unused.details?.[0] ?? "", /used by no node/);
  });
});
