import assert from "node:assert/strict";
import type { SupportData } from "../../../src/audit/data/support";
import { SUPPORT } from "../../../src/audit/data/support";
import { compareVersions, dataAgeNote, describeVersions } from "../../../src/audit/versions";
import { translator } from "../../../src/i18n/catalog";

const NOW = new Date("2026-11-23T12:00:00Z");

const DATA: SupportData = {
  updated: "2026-01-01",
  nodeJs: { 20: "2026-04-30", 22: "2027-04-30" },
  nodeJsSource: "test",
  nodeRed: { 3: "2025-06-30", 4: "2026-06-30" },
  nodeRedSource: "test",
  advisories: {
    "node-red-dashboard": [
      { id: "CVE-2021-3223", severity: "high", summary: "path traversal", fixedIn: "2.26.2", url: "https://x" },
    ],
    "some-node": [
      {
        id: "GHSA-test",
        severity: "critical",
        summary: "s",
        fixedIn: "1.5.0",
        introducedIn: "1.2.0",
        url: "https://y",
      },
    ],
  },
};

describe("versions against the support data", () => {
  it("compares versions numerically, a pre-release before its release", () => {
    assert.ok(compareVersions("2.26.1", "2.26.2") < 0);
    assert.ok(compareVersions("2.9.0", "2.26.2") < 0);
    assert.ok(compareVersions("3.6.6", "2.26.2") > 0);
    assert.equal(compareVersions("v20.1.0", "20.1"), 0);
    assert.ok(compareVersions("2.26.2-beta.1", "2.26.2") < 0);
  });

  it("finds the end of life of the Node.js and Node-RED majors, in days from the scan", () => {
    const v = describeVersions({ nodeJs: "v20.20.2", nodeRed: "4.1.15" }, NOW, DATA);
    assert.deepEqual(v.nodeJs, { version: "20.20.2", major: 20, endOfLife: "2026-04-30", daysToEndOfLife: -207 });
    assert.equal(v.nodeRed?.endOfLife, "2026-06-30");
    assert.equal(v.nodeRed.unknownMajor, false);
    assert.equal(v.dataUpdated, "2026-01-01");
    assert.equal(v.dataAgeDays, 326);
    // The last day itself is still supported.
    assert.equal(
      describeVersions({ nodeJs: "22.0.0" }, new Date("2027-04-30T23:00:00Z"), DATA).nodeJs?.daysToEndOfLife,
      0,
    );
  });

  it("marks a Node-RED major newer than the data as unknown, an older unlisted one as not", () => {
    assert.equal(describeVersions({ nodeRed: "5.0.7" }, NOW, DATA).nodeRed?.unknownMajor, true);
    assert.equal(describeVersions({ nodeRed: "0.20.8" }, NOW, DATA).nodeRed?.unknownMajor, false);
  });

  it("matches advisories by version range, Node-RED included", () => {
    const v = describeVersions(
      {
        nodeRed: "4.1.15",
        packages: [
          { name: "node-red-dashboard", version: "2.26.1", path: "/x/package.json" },
          { name: "some-node", version: "1.1.0" },
          { name: "unlisted", version: "0.0.1" },
        ],
      },
      NOW,
      DATA,
    );
    assert.deepEqual(
      v.packages.map((p) => [p.name, p.advisories.map((a) => a.id)]),
      [
        ["node-red-dashboard", ["CVE-2021-3223"]],
        ["some-node", []],
      ],
    );
    const fixed = describeVersions({ packages: [{ name: "node-red-dashboard", version: "2.26.2" }] }, NOW, DATA);
    assert.deepEqual(fixed.packages[0]?.advisories, []);
    const inRange = describeVersions({ packages: [{ name: "some-node", version: "1.4.9" }] }, NOW, DATA);
    assert.equal(inRange.packages[0]?.advisories[0]?.severity, "critical");
  });

  it("leaves unknown or unparsable versions out", () => {
    const v = describeVersions(
      { nodeJs: "banana", packages: [{ name: "node-red-dashboard", version: "latest" }] },
      NOW,
      DATA,
    );
    assert.equal(v.nodeJs, undefined);
    assert.equal(v.nodeRed, undefined);
    assert.deepEqual(v.packages, []);
  });

  it("notes when the data is older than 180 days", () => {
    const english = translator("findings.json", "en-US");
    assert.match(
      dataAgeNote(describeVersions({}, NOW, DATA))
        .map(english)
        .join(),
      /from 2026-01-01 \(326 days old\)/,
    );
    assert.deepEqual(dataAgeNote(describeVersions({}, new Date("2026-03-01T00:00:00Z"), DATA)), []);
  });

  it("ships dated data with cited advisories", () => {
    assert.match(SUPPORT.updated, /^\d{4}-\d{2}-\d{2}$/);
    for (const list of Object.values(SUPPORT.advisories)) {
      for (const a of list) {
        assert.match(a.id, /^(GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}|CVE-\d{4}-\d+)/);
        assert.match(a.url, /^https:\/\//);
      }
    }
    assert.equal(SUPPORT.nodeJs[20], "2026-04-30");
    assert.equal(SUPPORT.advisories["node-red-dashboard"]?.[0]?.fixedIn, "2.26.2");
  });
});
