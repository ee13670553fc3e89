import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import rule from "../../../../src/audit/rules/flow-credentials-in-nodes";
import { judge } from "../../../support/audit";
import { ROOT } from "../../../support/cli";
import { TAB, n, withFlows } from "./flow-support";

const SECRET = "hunter2-do-not-print";

describe("NRS-FLOW-003 credentials written into nodes", () => {
  it("is silent without flows or without nodes to read", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, withFlows([])), undefined);
  });

  it("passes saying exactly which nodes it read, and claims no kind of node the flows do not have", async () => {
    const onlyDebug = await judge(rule, {}, withFlows([TAB, n("d", "debug", [])]));
    assert.equal(onlyDebug?.severity, "pass");
    assert.equal(onlyDebug.title, "No passwords or keys found in the URLs and settings of any node");
    assert.equal(onlyDebug.details?.[0], "Read: the URLs and settings of all 2 nodes in the flows.");
    const mixed = await judge(
      rule,
      {},
      withFlows([
        TAB,
        n("f", "function", [[]], { func: "return msg;" }),
        n("s", "switch", [[]], { property: "payload", rules: [] }),
        n("r", "http request", [[]], { url: "https://example.com/" }),
      ]),
    );
    assert.equal(
      mixed?.title,
      "No passwords or keys found in function, switch and http request nodes, nor in the URLs and settings of any node",
    );
    assert.equal(
      mixed.details?.[0],
      "Read: the code of 1 function node, the rules of 1 switch node, the headers of 1 http request node, the URLs and settings of all 4 nodes in the flows.",
    );
    assert.match(mixed.details[1] ?? "", /^Not read: node credentials/);
  });

  it("is high for the raw Authorization header compared in a function behind http in", async () => {
    const flows = [
      TAB,
      n("in", "http in", [["check"]], { url: "/status", method: "get" }),
      n("check", "function", [["out"], ["out"]], {
        name: "check header",
        func: `if (msg.req.headers.authorization !== "Sunflower-Garden-77") {\n  msg.statusCode = 401;\n  return [null, msg];\n}\nreturn [msg, null];`,
      }),
      n("out", "http response", []),
    ];
    const f = await judge(rule, {}, withFlows(flows));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, [
      `function 'check header' (check): compares the request's "authorization" header with a fixed password or key (a home-made login: no hashing, no lockout)`,
    ]);
    assert.deepEqual(
      f.nodes?.map((x) => x.id),
      ["check"],
    );
    assert.ok(!JSON.stringify(f).includes("Sunflower"));
  });

  it("is high for a camera URL with a password in an http request node, naming the field, not the password", async () => {
    const camera = n("cam", "http request", [[]], {
      name: "snapshot",
      url: "http://admin:Cam3ra2024@192.168.1.64/snapshot.jpg",
    });
    const f = await judge(rule, {}, withFlows([TAB, camera]));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, [
      `http request 'snapshot' (cam): holds a user name and password in the URL of its "url" field (plain text in flows.json)`,
    ]);
    assert.ok(!JSON.stringify(f).includes("Cam3ra2024"));
    assert.ok(f.fix.some((step) => step.includes("Use authentication") && step.includes("${NAME}")));
  });

  it("reads the payload of a message from outside as request data", async () => {
    const check = (wired: boolean): Record<string, unknown>[] => [
      TAB,
      n("in", "websocket in", [wired ? ["f"] : []], { server: "l" }),
      { id: "l", type: "websocket-listener", path: "/ws" },
      n("f", "function", [[]], { func: `if (msg.payload === "Sunflower-Garden-77") return msg;` }),
    ];
    assert.equal((await judge(rule, {}, withFlows(check(true))))?.severity, "high");
    assert.equal((await judge(rule, {}, withFlows(check(false))))?.severity, "pass");
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

  it("reports the insecure login of the examples, and nothing else in them", async () => {
    const dir = join(ROOT, "examples");
    const flows = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown[]);
    const f = await judge(rule, {}, withFlows(flows));
    assert.equal(f?.severity, "high");
    assert.deepEqual(
      f.nodes?.map((x) => x.id),
      ["ex3-bad-fn"],
    );
  });
});
