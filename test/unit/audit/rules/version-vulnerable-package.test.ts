import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/version-vulnerable-package";
import { judge } from "../../../support/audit";

describe("NRS-VER-003 known vulnerable versions", () => {
  it("is high for node-red-dashboard before 2.26.2 (CVE-2021-3223)", async () => {
    const f = await judge(rule, {}, { packages: [{ name: "node-red-dashboard", version: "2.26.1", path: "/x" }] });
    assert.equal(f?.severity, "high");
    assert.equal(f.title, "node-red-dashboard 2.26.1 has a known vulnerability");
    assert.match(f.details?.[0] ?? "", /CVE-2021-3223 \(high\).*fixed in 2\.26\.2/);
  });

  it("judges Node-RED itself against its advisories", async () => {
    const f = await judge(
      rule,
      {},
      { nodeRedVersion: "1.2.7", packages: [{ name: "node-red-dashboard", version: "2.20.0" }] },
    );
    assert.equal(f?.severity, "high");
    assert.equal(f.title, "2 installed packages have known vulnerabilities");
    assert.equal(f.details?.filter((d) => d.startsWith("node-red 1.2.7: GHSA-")).length, 2);
  });

  it("passes fixed versions, listing what was checked", async () => {
    const f = await judge(
      rule,
      {},
      { nodeRedVersion: "4.1.15", packages: [{ name: "node-red-dashboard", version: "3.6.6" }] },
    );
    assert.equal(f?.severity, "pass");
    assert.equal(f.details?.[0], "Checked: node-red 4.1.15, node-red-dashboard 3.6.6");
  });

  it("says nothing when no checked package was found", async () => {
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, {}, { packages: [{ name: "other", version: "1.0.0" }] }), undefined);
  });
});
