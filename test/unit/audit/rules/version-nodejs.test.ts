import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/version-nodejs";
import { judge } from "../../../support/audit";

const NOW = new Date("2026-11-23T12:00:00Z");

describe("NRS-VER-001 Node.js end of life", () => {
  it("is high past end of life (Node.js 20 today)", async () => {
    const f = await judge(rule, {}, { source: "runtime", nodeJsVersion: "20.20.2", now: NOW });
    assert.equal(f?.severity, "high");
    assert.equal(f.title, "Node.js 20 is past its end of life");
    assert.match(f.details?.[0] ?? "", /end of life was 2026-04-30/);
  });

  it("is low within 90 days of end of life", async () => {
    const f = await judge(rule, {}, { nodeJsVersion: "22.23.3", now: new Date("2027-03-01T00:00:00Z") });
    assert.equal(f?.severity, "low");
    assert.match(f.title, /2027-04-30/);
  });

  it("passes a supported release with its date, and one newer than the data", async () => {
    const f = await judge(rule, {}, { nodeJsVersion: "24.1.0", now: NOW });
    assert.equal(f?.severity, "pass");
    assert.equal(f.title, "Node.js 24 is supported until 2028-04-30");
    assert.match(
      (await judge(rule, {}, { nodeJsVersion: "30.0.0", now: NOW }))?.title ?? "",
      /newer than the support data/,
    );
  });

  it("notes old support data", async () => {
    const f = await judge(rule, {}, { nodeJsVersion: "24.1.0", now: new Date("2027-08-01T00:00:00Z") });
    assert.match(f?.details?.at(-1) ?? "", /support data is from .* days old/);
  });

  it("says nothing when the Node.js of Node-RED is unknown (the CLI)", async () => {
    assert.equal(await judge(rule, {}, { source: "settings-file" }), undefined);
  });
});
