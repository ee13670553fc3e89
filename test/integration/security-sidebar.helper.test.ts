// The sidebar plugin's runtime loaded by node-red-node-test-helper: its admin endpoints answer with the
// findings for the helper's settings. (The helper lets every permission through; see permissions.test.ts.)
import assert from "node:assert/strict";
import bcrypt from "bcryptjs";
import helper from "node-red-node-test-helper";
import securitySidebar from "../../src/plugins/security-sidebar";
import { STRONG_12 } from "../support/hashes";

helper.init(require.resolve("node-red"));

describe("security-sidebar plugin (test helper)", function () {
  this.timeout(30_000);

  before((done) => {
    helper.startServer(done);
  });
  after((done) => {
    helper.stopServer(done);
  });
  afterEach(async () => {
    await helper.unload();
  });

  it("reports the findings for the runtime's settings", async () => {
    helper.settings({
      adminAuth: { type: "credentials", users: [{ username: "admin", password: STRONG_12, permissions: "*" }] },
      credentialSecret: false,
      httpNodeCors: { origin: "*" },
    });
    await helper.load(securitySidebar, []);
    const res = await helper.request().get("/security/posture").expect(200).expect("Cache-Control", "no-store");
    const report = res.body as {
      grade: string;
      findings: { id: string; severity: string }[];
      context: { listen: string };
    };
    const byId = new Map(report.findings.map((f) => [f.id, f.severity]));
    assert.equal(byId.get("NRS-ADMIN-001"), "pass");
    assert.equal(byId.get("NRS-SECRET-001"), "high");
    assert.equal(byId.get("NRS-HTTP-004"), "medium");
    // The helper's server listens on 127.0.0.1: the running server wins over settings.
    assert.match(report.context.listen, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(byId.get("NRS-NET-001"), "pass");
    assert.ok(
      !res.text.includes(STRONG_12) && !res.text.includes(STRONG_12.slice(29)),
      "the hash was sent to the editor",
    );
  });

  it("reports a missing editor login", async () => {
    helper.settings({ adminAuth: undefined });
    await helper.load(securitySidebar, []);
    const res = await helper.request().get("/security/posture").expect(200);
    const first = (res.body as { findings: { id: string; severity: string }[] }).findings[0];
    assert.deepEqual([first?.id, first?.severity], ["NRS-ADMIN-001", "high"]);
  });

  it("hashes a password on the server and never echoes it", async () => {
    await helper.load(securitySidebar, []);
    const res = await helper
      .request()
      .post("/security/hash")
      .send({ password: "Quiet-Harbour-77", cost: 10 })
      .expect(200)
      .expect("Cache-Control", "no-store");
    const { hash } = res.body as { hash: string };
    assert.match(hash, /^\$2b\$10\$/);
    assert.equal(await bcrypt.compare("Quiet-Harbour-77", hash), true);
    assert.ok(!res.text.includes("Quiet-Harbour-77"));
  });

  it("answers bad hash requests with 400 and a reason, never a stack", async () => {
    await helper.load(securitySidebar, []);
    const cases: [string | object, RegExp][] = [
      [{ password: "" }, /empty/],
      [{ password: 5 }, /must be text/],
      [{ password: "x".repeat(73) }, /longer than 72 bytes/],
      [{ password: "long-enough-pass", cost: 4 }, /cost must be/],
      [{}, /must be text/],
      ["just a string", /must be text/],
    ];
    for (const [body, message] of cases) {
      const res = await helper.request().post("/security/hash").send(body).expect(400);
      assert.match((res.body as { error: string }).error, message);
      assert.doesNotMatch(res.text, /\s+at .+:\d+:\d+/);
    }
  });

  it("queues hashing and refuses a flood with 429 and Retry-After", async () => {
    await helper.load(securitySidebar, []);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        helper.request().post("/security/hash").send({ password: "Quiet-Harbour-77", cost: 12 }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = results.find((r) => r.status === 429);
    // When the queue will have room: a whole number of seconds.
    assert.match(String(refused?.headers["retry-after"]), /^[1-9]\d*$/);
  });
});
