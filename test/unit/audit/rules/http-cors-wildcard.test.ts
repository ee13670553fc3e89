import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/http-cors-wildcard";
import { judge } from "../../../support/audit";

describe("NRS-HTTP-004 CORS for every origin", () => {
  it("flags origin '*' and origin true", async () => {
    assert.equal((await judge(rule, { httpNodeCors: { origin: "*", methods: "GET" } }))?.severity, "medium");
    const f = await judge(rule, { httpNodeCors: { origin: true } });
    assert.equal(f?.severity, "medium");
    assert.match(f.details?.[0] ?? "", /echoed back/);
  });

  it("passes a named origin and is silent without CORS", async () => {
    const f = await judge(rule, { httpNodeCors: { origin: ["https://a.example", "https://b.example"] } });
    assert.equal(f?.severity, "pass");
    assert.deepEqual(f.details, ["Allowed origin(s): https://a.example, https://b.example"]);
    assert.equal(await judge(rule, {}), undefined);
  });
});
