// security.https() in a real Node-RED (4.1 and 5): the certificate it serves verifies against the
// package's own authority for every name and address it lists; a renewal is served without a restart;
// missing files leave Node-RED on plain HTTP with one log line and the reason in the Security tab; and
// the tab's "Turn on HTTPS" edits Node-RED's own default settings.js so the restarted instance answers
// over HTTPS. Only loopback traffic: every name is tried against 127.0.0.1 (TLS servername).
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { checkServerIdentity, connect } from "node:tls";
import { ensureLocalCertificate } from "../../src/tls/local-ca";
import { tlsFile } from "../../src/tls/paths";
import { makeCertificate } from "../support/certificates";
import { RUNTIMES, makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";
import { startWithOwnSettings, userDirWithDefaultSettings } from "../support/own-settings";

const DAY_MS = 86_400_000;

interface Finding {
  id: string;
  severity: string;
  title: string;
  details?: string[];
}

/** The certificate presented on 127.0.0.1:port for `servername`, checked against `ca` (or for an IP). */
function handshake(port: number, ca: string, name: string): Promise<X509Certificate> {
  const ip = /^[\d.]+$|:/.test(name);
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host: "127.0.0.1",
        port,
        ca,
        ...(ip
          ? { checkServerIdentity: (_host: string, cert) => checkServerIdentity(name, cert) }
          : { servername: name }),
        timeout: 10_000,
      },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.destroy();
        if (cert) resolve(cert);
        else reject(new Error("no certificate"));
      },
    );
    socket.on("error", reject);
    socket.on("timeout", () => socket.destroy(new Error("timeout")));
  });
}

/** A request over HTTPS that trusts only `ca`. */
function httpsRequest(
  url: string,
  ca: string,
  method = "GET",
  body?: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        servername: "localhost",
        timeout: 20_000,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function findings(body: string): Map<string, Finding> {
  return new Map((JSON.parse(body) as { findings: Finding[] }).findings.map((f) => [f.id, f]));
}

function sanNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "").split(", ").map((n) => n.replace(/^(DNS|IP Address):/, ""));
}

for (const runtime of ["4", "5"] as const) {
  describe(`HTTPS made by the package (${RUNTIMES[runtime].label})`, function () {
    this.timeout(180_000);

    describe("security.https() with its own authority", () => {
      let red: RunningNodeRed | undefined;
      let userDir: string;
      let ca: string;
      before(async () => {
        userDir = makeUserDir("nrs-https-ca-");
        red = await startNodeRed({
          runtime,
          userDir,
          https: true,
          // Node-RED calls the function again every 3.6 seconds (it takes any positive number of hours).
          settings: 'https: require("node-red-contrib-security").https(), httpsRefreshInterval: 0.001,',
        });
        ca = readFileSync(tlsFile(userDir, "caCert"), "utf8");
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("presents a certificate that verifies against the authority for every name and address it lists", async () => {
        assert.ok(red);
        const first = await handshake(red.port, ca, "localhost");
        const names = sanNames(first);
        for (const expected of ["localhost", "127.0.0.1"]) assert.ok(names.includes(expected), names.join(", "));
        assert.ok(
          names.some((n) => n.endsWith(".local")),
          names.join(", "),
        );
        for (const name of names) {
          const ip = name.includes(":") && !name.includes(".") ? name.replace(/(^|:)0(:0)+(:|$)/, "::") : name;
          const cert = await handshake(red.port, ca, ip);
          assert.equal(cert.serialNumber, first.serialNumber, name);
        }
        await assert.rejects(handshake(red.port, ca, "not-this-machine.example"), /Hostname\/IP does not match/);
        assert.match(
          red.log(),
          /\[info\] \[security\] HTTPS with a new certificate of this Node-RED's own authority, valid until/,
        );
      });

      it("offers the authority's certificate for download and grades the certificate as the authority's", async () => {
        assert.ok(red);
        const download = await httpsRequest(`${red.url}/security/https/ca.crt`, ca);
        assert.equal(download.status, 200);
        assert.equal(download.headers["content-type"], "application/x-x509-ca-cert");
        assert.equal(download.headers["content-disposition"], 'attachment; filename="node-red-ca.crt"');
        assert.equal(download.body, ca);
        const posture = await httpsRequest(`${red.url}/security/posture`, ca);
        assert.equal(posture.status, 200, posture.body);
        assert.ok(!posture.body.includes("PRIVATE KEY"));
        const byId = findings(posture.body);
        assert.equal(byId.get("NRS-TLS-001")?.severity, "pass");
        const issuer = byId.get("NRS-TLS-003");
        assert.equal(issuer?.severity, "pass");
        assert.equal(issuer.title, "The HTTPS certificate comes from this Node-RED's own certificate authority");
        assert.equal(byId.get("NRS-TLS-005")?.severity, "pass");
        const status = await httpsRequest(`${red.url}/security/https`, ca);
        const json = JSON.parse(status.body) as Record<string, unknown>;
        assert.equal(json.setting, "package");
        assert.equal(json.requestSecure, true);
        assert.equal((json.status as { state?: string }).state, "on");
      });

      it("serves the renewed certificate without a restart when the current one nears its end", async () => {
        assert.ok(red);
        const before = await handshake(red.port, ca, "localhost");
        // Put a certificate with 10 days left in place, as if it had been made 386 days ago.
        const old = ensureLocalCertificate(userDir, { now: new Date(Date.now() - 386 * DAY_MS) });
        const oldSerial = new X509Certificate(old.cert).serialNumber;
        assert.ok(old.issued);
        let served = before;
        const deadline = Date.now() + 60_000;
        while (served.serialNumber === before.serialNumber || served.serialNumber === oldSerial) {
          assert.ok(Date.now() < deadline, "no renewed certificate was served within a minute");
          await new Promise((r) => setTimeout(r, 1000));
          served = await handshake(red.port, ca, "localhost");
        }
        const daysLeft = (new Date(served.validTo).getTime() - Date.now()) / DAY_MS;
        assert.ok(daysLeft > 390, `the renewed certificate has ${String(daysLeft)} days left`);
        assert.equal(readFileSync(tlsFile(userDir, "serverCert"), "utf8"), served.toString());
      });
    });

    describe("security.https() with files that are missing", () => {
      let red: RunningNodeRed | undefined;
      let userDir: string;
      before(async () => {
        userDir = makeUserDir("nrs-https-broken-");
        red = await startNodeRed({
          runtime,
          userDir,
          settings:
            'https: require("node-red-contrib-security").https({ cert: "live/fullchain.pem", key: "live/privkey.pem" }), httpsRefreshInterval: 12,',
        });
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("starts over plain HTTP, logs one clear line, and the Security tab says why", async () => {
        assert.ok(red);
        const lines = red
          .log()
          .split("\n")
          .filter((l) => l.includes("[security] HTTPS is off"));
        assert.equal(lines.length, 1, red.log());
        assert.match(
          lines[0] ?? "",
          new RegExp(
            `\\[error\\] \\[security\\] HTTPS is off: The certificate ${join(userDir, "live", "fullchain.pem").replace(/[/.]/g, "\\$&")} cannot be read: no such file\\. The key .* cannot be read: no such file\\. Node-RED is served over plain HTTP`,
          ),
        );
        const res = await fetch(`${red.url}/security/posture`);
        assert.equal(res.status, 200);
        const tls = findings(await res.text()).get("NRS-TLS-001");
        assert.equal(tls?.severity, "low", JSON.stringify(tls));
        assert.equal(tls.title, "HTTPS is off: security.https() could not load a certificate");
        assert.match(tls.details?.[0] ?? "", /live\/fullchain\.pem cannot be read: no such file/);
      });

      it("checks your own certificate for the tab: a mismatched key is named", async () => {
        assert.ok(red);
        const a = await makeCertificate({ commonName: "localhost" });
        const b = await makeCertificate({ commonName: "localhost" });
        writeFileSync(join(userDir, "a.pem"), a.cert);
        writeFileSync(join(userDir, "b.key"), b.key);
        const res = await post(`${red.url}/security/https/check`, {
          cert: join(userDir, "a.pem"),
          key: join(userDir, "b.key"),
        });
        assert.equal(res.status, 200);
        assert.match((res.json.problems as string[]).join(" "), /b\.key does not belong to the certificate .*a\.pem/);
        // In the editor's language, which the tab sends as ?lang=.
        const german = await post(`${red.url}/security/https/check?lang=de`, {
          cert: join(userDir, "a.pem"),
          key: join(userDir, "b.key"),
        });
        assert.match((german.json.problems as string[]).join(" "), /b\.key gehört nicht zum Zertifikat .*a\.pem/);
        const empty = await post(`${red.url}/security/https/check?lang=ja`, {});
        assert.equal(empty.status, 400);
        assert.equal(empty.json.error, "証明書ファイルと秘密鍵ファイルのパスを入力してください");
        const refused = await post(`${red.url}/security/https/enable`, {
          cert: join(userDir, "a.pem"),
          key: join(userDir, "b.key"),
        });
        assert.equal(refused.status, 409, JSON.stringify(refused.json));
        assert.match(String(refused.json.error), /already sets https on line \d+/);
      });
    });

    describe("Turn on HTTPS from the tab, with Node-RED's own default settings.js", () => {
      let red: RunningNodeRed | undefined;
      let userDir: string;
      let settingsFile: string;
      before(async () => {
        // Loopback only, and none of the dashboards beside the test runtime: one-line settings, made by the same editor.
        userDir = await userDirWithDefaultSettings(runtime, "nrs-https-switch-");
        settingsFile = join(userDir, "settings.js");
        red = await startWithOwnSettings(runtime, userDir, "http");
      });
      after(async () => {
        await red?.stop();
        rmSync(userDir, { recursive: true, force: true });
      });

      it("edits settings.js (backup, diff, restart advice), logs who did it, and the restarted instance answers over HTTPS", async () => {
        assert.ok(red);
        const early = await post(`${red.url}/security/https/require`, {});
        assert.equal(early.status, 409);
        assert.match(String(early.json.error), /Open the editor over HTTPS first/);
        const before = readFileSync(settingsFile, "utf8");
        const res = await post(`${red.url}/security/https/enable`, {});
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.match(
          String(res.json.diff),
          /\n\+ {4}https: require\("node-red-contrib-security"\)\.https\(\),\n {5}\/\/https: \{\n/,
        );
        assert.match(String(res.json.diff), /\n\+ {4}httpsRefreshInterval: 12,\n/);
        assert.equal(readFileSync(String(res.json.backup), "utf8"), before);
        assert.match(String((res.json.restart as { text?: string }).text), /restart|Ctrl\+C/i);
        assert.match(
          red.log(),
          /\[security\] an editor user without a login \(no adminAuth\) turned on HTTPS in .*settings\.js \(backup: /,
        );
        // Asked again: the https key is active now and is not overwritten.
        const again = await post(`${red.url}/security/https/enable`, {});
        assert.equal(again.status, 409);
        assert.match(String(again.json.error), /already sets https on line \d+: it is not overwritten/);
        const againJa = await post(`${red.url}/security/https/enable?lang=ja`, {});
        assert.equal(againJa.status, 409);
        assert.equal(againJa.json.code, "ERR_NRS_SETTINGS_ACTIVE_KEY");
        assert.match(String(againJa.json.error), /行目ですでに https が設定されています。上書きはしません。/);
        await red.stop();
        red = undefined;

        red = await startWithOwnSettings(runtime, userDir, "https");
        const ca = readFileSync(tlsFile(userDir, "caCert"), "utf8");
        const editor = await httpsRequest(`${red.url}/`, ca);
        assert.equal(editor.status, 200);
        assert.match(editor.body, /<title>Node-RED<\/title>/);
        // Now reached over HTTPS, the tab may add requireHttps.
        const required = await httpsRequest(`${red.url}/security/https/require`, ca, "POST", {});
        assert.equal(required.status, 200, required.body);
        assert.match(
          (JSON.parse(required.body) as { diff: string }).diff,
          /\n\+ {4}requireHttps: true,\n {5}\/\/requireHttps: true,\n/,
        );
        assert.ok(existsSync(settingsFile));
      });
    });
  });
}
