import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/exposure-default-port";
import { collectFacts } from "../../../../src/audit";
import { translator } from "../../../../src/i18n/catalog";
import { LOCAL, judge } from "../../../support/audit";

describe("NRS-NET-002 default port", () => {
  it("flags 1880 (the default) on a reachable interface", async () => {
    assert.equal((await judge(rule, {}))?.severity, "low");
    assert.equal((await judge(rule, { uiPort: "1880" }))?.severity, "low");
  });

  it("passes another port, or 1880 on loopback", async () => {
    assert.equal((await judge(rule, { uiPort: 18443 }))?.severity, "pass");
    assert.equal((await judge(rule, { ...LOCAL }))?.severity, "pass");
  });

  it("notes a uiPort that is not a number instead of crashing", async () => {
    const facts = await collectFacts({ uiPort: { port: 1 } }, { source: "settings-file" });
    assert.equal(facts.listen.port, 1880);
    const english = facts.notes.map(translator("findings.json", "en-US"));
    assert.match(english[0] ?? "", /uiPort .* is not a port number/);
    const german = facts.notes.map(translator("findings.json", "de"));
    assert.equal(german[0], 'uiPort {"port":1} ist keine Portnummer: Node-RED könnte nicht lauschen');
  });
});
