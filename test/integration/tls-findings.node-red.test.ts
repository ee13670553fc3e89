// Against a real Node-RED speaking HTTPS with a poor certificate (self-signed, a 1024-bit RSA key, five
// days left): the Security sidebar's report reads the certificate the server really presents and flags
// its expiry, its issuer and its key, plus where the server listens and which versions run.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { makeCertificate } from "../support/certificates";
import { RUNTIMES, makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";

interface Finding {
  id: string;
  severity: string;
  title: string;
  details?: string[];
}

/** GET over HTTPS, accepting the test's self-signed certificate. */
function getJson(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 20_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

for (const runtime of ["4", "5"] as const) {
  describe(`TLS, exposure and version findings over HTTPS (${RUNTIMES[runtime].label})`, function () {
    this.timeout(120_000);
    let red: RunningNodeRed | undefined;
    let userDir: string;
    let byId: Map<string, Finding>;

    before(async function () {
      userDir = makeUserDir("nrs-tls-");
      const pems = await makeCertificate({ commonName: "pi.home", keySize: 1024, days: 5 });
      writeFileSync(join(userDir, "test-key.pem"), pems.key);
      writeFileSync(join(userDir, "test-cert.pem"), pems.cert);
      red = await startNodeRed({
        runtime,
        userDir,
        https: true,
        settings: `https: {
    key: require("fs").readFileSync(${JSON.stringify(join(userDir, "test-key.pem"))}),
    cert: require("fs").readFileSync(${JSON.stringify(join(userDir, "test-cert.pem"))})
  },`,
      });
      const res = await getJson(`${red.url}/security/posture`);
      assert.equal(res.status, 200, res.body);
      // The key file's contents must never reach the report.
      assert.ok(!res.body.includes(pems.key.split("\n")[1] ?? "unreachable"), "key material in the report");
      assert.ok(!res.body.includes("PRIVATE KEY"), "key material in the report");
      const report = JSON.parse(res.body) as { findings: Finding[] };
      byId = new Map(report.findings.map((f) => [f.id, f]));
    });
    after(async () => {
      await red?.stop();
      if (userDir) rmSync(userDir, { recursive: true, force: true });
    });

    it("flags the certificate the server presents: expiring, self-signed, weak key", () => {
      const expiry = byId.get("NRS-TLS-002");
      assert.equal(expiry?.severity, "high", JSON.stringify(expiry));
      assert.match(expiry.title, /^The HTTPS certificate expires in [45] days$/);
      const [until, names, source] = expiry.details ?? [];
      assert.match(until ?? "", /^Valid until \d{4}-\d{2}-\d{2} \([45] days left\)$/);
      assert.equal(names, "Certificate for CN=pi.home, issued by CN=pi.home");
      assert.equal(source, "Read from the certificate the running server presents.");
      const selfSigned = byId.get("NRS-TLS-003");
      assert.equal(selfSigned?.severity, "info", JSON.stringify(selfSigned));
      assert.match(selfSigned.details?.[0] ?? "", /CN=pi\.home/);
      const weak = byId.get("NRS-TLS-004");
      assert.equal(weak?.severity, "high", JSON.stringify(weak));
      assert.equal(weak.details?.[0], "RSA key of 1024 bits: at least 2048 bits are needed");
      assert.equal(byId.get("NRS-TLS-001")?.severity, "pass");
    });

    it("reports where it listens and how this request arrived", () => {
      const reach = byId.get("NRS-NET-004");
      assert.equal(reach?.title, "Reachable at: this machine only");
      assert.match(reach.details?.[0] ?? "", /^127\.0\.0\.1 port \d+: this machine only \(loopback\)$/);
      assert.equal(byId.get("NRS-NET-003")?.severity, "pass");
      // Asked over TLS from loopback.
      assert.equal(byId.get("NRS-NET-005")?.severity, "pass");
    });

    it("judges the versions that really run", () => {
      const node = byId.get("NRS-VER-001");
      const major = runtime === "4" ? process.versions.node.split(".")[0] : "22";
      assert.ok(node, "no Node.js finding");
      assert.match(node.title, new RegExp(`Node\\.js ${major ?? ""}`));
      // Node.js 20 ended on 2026-04-30; Node-RED 5's runtime here is Node.js 22 (until 2027-04-30).
      if (major === "20") assert.equal(node.severity, "high", JSON.stringify(node));
      if (runtime === "5") assert.equal(node.title, "Node.js 22 is supported until 2027-04-30");
      const nodeRed = byId.get("NRS-VER-002");
      assert.match(
        nodeRed?.title ?? "",
        runtime === "4" ? /Node-RED 4/ : /Node-RED 5\.0\.\d+ is newer than the support data/,
      );
    });
  });
}
