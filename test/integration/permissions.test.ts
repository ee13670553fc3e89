// Against a real Node-RED with adminAuth: only users with full access (or security.write) get the
// report or a hash; read-only and anonymous visitors are refused, and no response holds a secret.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { adminToken, startNodeRed, type RunningNodeRed } from "../support/node-red";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";

describe("security endpoints in a real Node-RED with adminAuth", function () {
  this.timeout(90_000);
  let red: RunningNodeRed;

  before(async () => {
    red = await startNodeRed({
      settings: `adminAuth: {
        type: "credentials",
        users: [
          { username: "admin", password: "${STRONG_10}", permissions: "*" },
          { username: "viewer", password: "${STRONG_10}", permissions: "read" },
          { username: "auditor", password: "${STRONG_10}", permissions: ["read", "security.write"] }
        ]
      },`,
    });
  });
  after(async () => {
    await red.stop();
  });

  async function get(path: string, token?: string): Promise<Response> {
    return fetch(`${red.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  }

  it("refuses anonymous visitors", async () => {
    assert.equal((await get("/security/posture")).status, 401);
    const hash = await fetch(`${red.url}/security/hash`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ password: "x-long-password" }),
    });
    assert.equal(hash.status, 401);
  });

  it("refuses a read-only user", async () => {
    const token = await adminToken(red.url, "viewer", STRONG_PASSWORD);
    assert.equal((await get("/settings", token)).status, 200, "the viewer can use the editor");
    assert.equal((await get("/security/posture", token)).status, 401);
  });

  it("answers a full-access user and a user given security.write, with no secret in the report", async () => {
    for (const user of ["admin", "auditor"]) {
      const token = await adminToken(red.url, user, STRONG_PASSWORD);
      const res = await get("/security/posture", token);
      assert.equal(res.status, 200, user);
      const text = await res.text();
      const report = JSON.parse(text) as { grade: string; findings: { id: string; severity: string }[] };
      assert.ok(report.findings.some((f) => f.id === "NRS-ADMIN-001" && f.severity === "pass"));
      assert.ok(!text.includes(STRONG_10) && !text.includes(STRONG_10.slice(29)), "a hash reached the editor");
      assert.ok(!text.includes("test-credential-secret"), "the credential secret reached the editor");
      assert.ok(!text.includes(token), "the session token reached the report");
    }
  });

  it("refuses anonymous and read-only visitors at the settings.js fixes, changing nothing", async () => {
    const settingsFile = join(red.userDir, "settings.js");
    const before = readFileSync(settingsFile, "utf8");
    const viewer = await adminToken(red.url, "viewer", STRONG_PASSWORD);
    for (const token of [undefined, viewer]) {
      const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      assert.equal((await get("/security/editor-login", token)).status, 401);
      for (const [path, body] of [
        ["/security/editor-login", { username: "eve", password: "a long enough password" }],
        ["/security/settings-fix", { fix: "credential-secret" }],
      ] as const) {
        const res = await fetch(`${red.url}${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...auth },
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 401, path);
      }
    }
    assert.equal(readFileSync(settingsFile, "utf8"), before);
  });

  it("serves the sidebar bundle and locale to the editor", async () => {
    const js = await get("/resources/node-red-contrib-security/security-sidebar.js");
    assert.equal(js.status, 200);
    assert.match(await js.text(), /NodeRedContribSecurity/);
    const token = await adminToken(red.url, "admin", STRONG_PASSWORD);
    const messages = (await (await get("/plugins/messages?lng=en-US", token)).json()) as Record<
      string,
      { sidebar?: { name?: string } }
    >;
    assert.equal(messages["node-red-contrib-security/security-sidebar"]?.sidebar?.name, "Security");
  });
});
