import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/version-node-red";
import { judge } from "../../../support/audit";

const NOW = new Date("2026-11-23T12:00:00Z");

describe("NRS-VER-002 Node-RED support", () => {
  it("is medium for a major past its end of life", async () => {
    const f = await judge(rule, {}, { nodeRedVersion: "3.1.9", now: NOW });
    assert.equal(f?.severity, "medium");
    assert.equal(f.title, "Node-RED 3.x no longer gets security fixes");
    assert.match(f.details?.[0] ?? "", /end of life of 3\.x was 2025-06-30/);
    assert.equal((await judge(rule, {}, { nodeRedVersion: "0.20.8", now: NOW }))?.severity, "medium");
  });

  it("passes a supported major, and one newer than the data", async () => {
    const f = await judge(rule, {}, { nodeRedVersion: "4.1.15", now: new Date("2026-01-10T00:00:00Z") });
    assert.equal(f?.severity, "pass");
    assert.equal(f.title, "Node-RED 4.x is supported until 2026-06-30");
    assert.match(
      (await judge(rule, {}, { nodeRedVersion: "5.0.7", now: NOW }))?.title ?? "",
      /newer than the support data/,
    );
  });

  it("says nothing when Node-RED's version is unknown", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });
});
