// The 10,000-node flow file of the bench, with one home-made login and one camera URL hidden in it: both
// are found among thousands of function nodes that read the request, and nothing else is. (How fast this
// runs is measured by bench/audit-flows.ts, not asserted here.)
import assert from "node:assert/strict";
import { generateFlows } from "../../../../bench/audit-flows";
import { collectFlowFacts } from "../../../../src/audit/flows/collect-flow-facts";

describe("credentials in a 10,000-node flow file", () => {
  it("finds the one raw-header login and the one camera URL, and reports nothing else", () => {
    const flows = generateFlows();
    const endpointFn = flows.find((n) => n.type === "function" && String(n.func).includes("msg.req.query"));
    assert.ok(endpointFn, "the generated flows have functions that read the request");
    const last = flows.length - 1;
    flows[last] = {
      id: "login",
      type: "function",
      z: "tab0",
      func: `const auth = msg.req.headers.authorization;\nif (auth !== "Sunflower-Garden-77") return null;\nreturn msg;`,
      wires: [[]],
    };
    flows[last - 1] = {
      id: "cam",
      type: "http request",
      z: "tab0",
      url: "http://admin:Cam3ra2024@192.168.1.64/snapshot.jpg",
      wires: [[]],
    };
    const facts = collectFlowFacts({ flows });
    assert.deepEqual(
      facts.secrets.map((s) => s.node.id),
      ["cam", "login"],
    );
    assert.equal(facts.secretsRead.nodes, 10_000);
    assert.ok((facts.secretsRead.code.function ?? 0) > 900);
  });
});
