import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { gatherCertificate, installedVersions, presentedCertificate } from "../../../src/plugins/instance-facts";
import type { Text } from "../../../src/i18n/messages";
import { translator } from "../../../src/i18n/catalog";
import type { RedApi } from "../../../src/red-api";
import { makeCertificate, type TestCertificate } from "../../support/certificates";

function fakeRed(server: Server | undefined, settings: Record<string, unknown> = {}): RedApi {
  return { server, settings } as unknown as RedApi;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

describe("instance facts gathered at runtime", function () {
  this.timeout(60_000);
  let presented: TestCertificate;
  let other: TestCertificate;
  before(async () => {
    presented = await makeCertificate({ commonName: "served.example" });
    other = await makeCertificate({ commonName: "settings.example" });
  });

  it("reads the certificate the HTTPS server presents, not the one settings name", async () => {
    const server = createHttpsServer({ key: presented.key, cert: presented.cert });
    await listen(server);
    try {
      const red = fakeRed(server, { https: { key: other.key, cert: other.cert } });
      const raw = await presentedCertificate(red);
      assert.ok(raw);
      assert.equal(new X509Certificate(raw).subject, "CN=served.example");
      const notes: string[] = [];
      const gathered = await gatherCertificate(red, notes);
      assert.equal(gathered?.source, "server");
      assert.deepEqual(notes, []);
    } finally {
      server.close();
    }
  });

  it("falls back to settings.https when the handshake fails, and skips plain HTTP servers", async () => {
    const server = createHttpsServer({ key: presented.key, cert: presented.cert });
    await listen(server);
    const port = (server.address() as AddressInfo).port;
    server.close();
    // A TLS server object whose port no longer answers.
    const red = fakeRed(Object.assign(server, { address: () => ({ address: "127.0.0.1", port, family: "IPv4" }) }), {
      https: () => ({ key: other.key, cert: other.cert }),
    });
    const gathered = await gatherCertificate(red, []);
    assert.equal(gathered?.source, "settings");
    assert.equal(gathered.raw, other.cert);
    const http = createHttpServer();
    await listen(http);
    try {
      assert.equal(await gatherCertificate(fakeRed(http, { https: { cert: other.cert } }), []), undefined);
      assert.equal(await presentedCertificate(fakeRed(http)), undefined);
    } finally {
      http.close();
    }
    assert.equal(await presentedCertificate(fakeRed(undefined)), undefined);
  });

  it("notes a certificate it cannot read, without the error's text", async () => {
    const server = createHttpsServer({ key: presented.key, cert: presented.cert });
    const said: Text[] = [];
    // Never listening: address() is null, so only the settings are left, and they fail.
    const red = fakeRed(server, {
      https: () => {
        throw new Error("/secret/path");
      },
    });
    assert.equal(await gatherCertificate(red, said), undefined);
    const notes = said.map(translator("findings.json", "en-US"));
    assert.match(notes[0] ?? "", /could not be read \(the https function of settings\.js failed \(Error\)\)/);
    assert.ok(!notes.join().includes("/secret/path"));
  });

  it("finds installed versions of checked packages in the user directory", () => {
    const userDir = mkdtempSync(join(tmpdir(), "nrs-versions-"));
    try {
      assert.deepEqual(installedVersions({ userDir }), []);
      const dir = join(userDir, "node_modules", "node-red-dashboard");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), "{ not json");
      assert.deepEqual(installedVersions({ userDir }), []);
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "node-red-dashboard", version: "2.26.1" }));
      assert.deepEqual(installedVersions({ userDir }), [
        { name: "node-red-dashboard", version: "2.26.1", path: join(dir, "package.json") },
      ]);
    } finally {
      rmSync(userDir, { recursive: true, force: true });
    }
  });
});
