import assert from "node:assert/strict";
import fc from "fast-check";
import { collectFacts, hostScope } from "../../../src/audit";
import { runAudit } from "../../../src/audit";
import { STRONG_12, STRONG_PASSWORD } from "../../support/hashes";

describe("collecting facts from settings", () => {
  it("reads the host scope of addresses", () => {
    assert.equal(hostScope("127.0.0.1"), "loopback");
    assert.equal(hostScope("127.8.9.1"), "loopback");
    assert.equal(hostScope("::1"), "loopback");
    assert.equal(hostScope("[::1]"), "loopback");
    assert.equal(hostScope("::ffff:127.0.0.1"), "loopback");
    assert.equal(hostScope("localhost"), "loopback");
    assert.equal(hostScope("0.0.0.0"), "all-interfaces");
    assert.equal(hostScope("::"), "all-interfaces");
    assert.equal(hostScope(""), "all-interfaces");
    assert.equal(hostScope("192.168.1.4"), "specific");
    assert.equal(hostScope("fe80::1"), "specific");
  });

  it("never carries a password or a hash", async () => {
    const settings = {
      adminAuth: {
        type: "credentials",
        users: [
          { username: "admin", password: STRONG_12, permissions: "*" },
          { username: "plain", password: STRONG_PASSWORD, permissions: "read" },
        ],
      },
      httpNodeAuth: { user: "u", pass: STRONG_12 },
      httpStaticAuth: { user: "s", pass: STRONG_PASSWORD },
      httpStatic: "/srv",
      credentialSecret: "my-credential-secret",
    };
    const facts = await collectFacts(settings, { source: "settings-file" });
    const text = JSON.stringify([facts, runAudit(facts)]);
    for (const secret of [STRONG_12, STRONG_PASSWORD, "my-credential-secret", STRONG_12.slice(7, 29)]) {
      assert.ok(!text.includes(secret), `leaked ${secret}`);
    }
  });

  it("describes any settings object without throwing (property)", async () => {
    const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withMap: true });
    const keys = [
      "adminAuth",
      "httpNodeAuth",
      "httpStaticAuth",
      "httpStatic",
      "httpStaticRoot",
      "https",
      "uiHost",
      "uiPort",
      "httpNodeCors",
      "credentialSecret",
      "editorTheme",
      "externalModules",
      "requireHttps",
      "httpRoot",
      "httpAdminRoot",
      "httpNodeRoot",
      "httpsRefreshInterval",
    ];
    const settingsArb = fc.dictionary(fc.constantFrom(...keys), anything);
    const adminArb = fc.record({
      adminAuth: fc.record(
        {
          type: fc.constantFrom("credentials", "strategy", "other"),
          users: fc.oneof(
            fc.array(fc.dictionary(fc.constantFrom("username", "password", "permissions"), anything)),
            anything,
          ),
          default: anything,
          tokens: anything,
        },
        { requiredKeys: [] },
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(settingsArb, adminArb), async (settings) => {
        const facts = await collectFacts(settings, { source: "settings-file" });
        const report = runAudit(facts);
        assert.ok(report.score >= 0 && report.score <= 100);
        assert.ok(report.findings.every((f) => !f.title.includes("could not be checked")));
      }),
      { numRuns: 300 },
    );
  });
});
