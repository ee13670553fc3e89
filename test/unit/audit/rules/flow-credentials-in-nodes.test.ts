import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-credentials-in-nodes";
import { judge } from "../../../support/audit";
import { TAB, n, withFlows } from "./flow-support";

const SECRET = "hunter2-do-not-print";

describe("NRS-FLOW-003 credentials written into nodes", () => {
  it("is silent without flows or without nodes to read", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, withFlows([TAB, n("d", "debug", [])])), undefined);
  });

  it("is high for a function-node login, naming the node and the kind, never the value", async () => {
    const login = n("f", "function", [[]], {
      name: "login",
      func: `if (msg.payload.password === "${SECRET}") return msg;`,
    });
    const f = await judge(rule, {}, withFlows([TAB, login]));
    assert.equal(f?.severity, "high");
    assert.match(f.details?.[0] ?? "", /^function 'login' \(f\): compares a password/);
    assert.deepEqual(
      f.nodes?.map((x) => x.id),
      ["f"],
    );
    assert.ok(!JSON.stringify(f).includes(SECRET));
  });

  it("reports disabled nodes too: their code is still saved", async () => {
    const off = n("c", "change", [[]], { d: true, rules: [{ t: "set", p: "token", to: SECRET, tot: "str" }] });
    const f = await judge(rule, {}, withFlows([TAB, off]));
    assert.match(f?.details?.[0] ?? "", /change c \(disabled, still saved\): sets a password/);
  });

  it("passes when code reads secrets from the environment", async () => {
    const ok = n("f", "function", [[]], { func: `const password = env.get("PW"); return msg;` });
    assert.equal((await judge(rule, {}, withFlows([TAB, ok])))?.severity, "pass");
  });
});
