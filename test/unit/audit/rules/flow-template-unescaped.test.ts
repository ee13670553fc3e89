import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/flow-template-unescaped";
import { judge } from "../../../support/audit";
import { STRONG_12 } from "../../../support/hashes";
import { TAB, n, withFlows } from "./flow-support";

const tpl = (template: string, wires: string[][] = [["r"]]): Record<string, unknown> =>
  n("t", "template", wires, { name: "page", syntax: "mustache", template });

describe("NRS-FLOW-004 unescaped template output from outsiders", () => {
  it("is silent without triple-mustache templates", async () => {
    assert.equal(await judge(rule, {}, withFlows([TAB, tpl("<p>{{payload}}</p>")])), undefined);
    assert.equal(await judge(rule, {}, withFlows([TAB, { ...tpl("{{{payload}}}"), syntax: "plain" }])), undefined);
  });

  it("is high when an open endpoint's text goes through {{{ }}} into an http response", async () => {
    const flows = [
      TAB,
      n("h", "http in", [["t"]], { url: "/hi" }),
      tpl("<p>{{{req.query.name}}}</p>"),
      n("r", "http response", []),
    ];
    const f = await judge(rule, {}, withFlows(flows));
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, ["http in GET /hi → template 'page' → http response"]);
  });

  it("is medium when the page goes elsewhere (e.g. MQTT), and passes when the source is protected", async () => {
    const mqtt = [
      TAB,
      n("m", "mqtt in", [["t"]], { topic: "x" }),
      tpl("{{& payload}}", [["o"]]),
      n("o", "mqtt out", []),
    ];
    assert.equal((await judge(rule, {}, withFlows(mqtt)))?.severity, "medium");
    const http = [TAB, n("h", "http in", [["t"]], { url: "/hi" }), tpl("{{{payload}}}"), n("r", "http response", [])];
    assert.equal(
      (await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }, withFlows(http)))?.severity,
      "pass",
    );
  });
});
