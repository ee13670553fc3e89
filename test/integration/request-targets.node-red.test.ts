// The bypasses a security review found, through a real Node-RED (4.1 and 5): every guard judges the
// request the router behind it will serve. Targets are sent as raw bytes (fetch and supertest would
// normalise them): "\" and absolute-form to websocket listeners, dot segments to httpStatic, an encoded
// "/" past publicPaths, "/.//evil.com" as a login return target. Then a bounded sample of random
// targets per door, to show no other spelling gets past either.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { deploy, setPasswords } from "../support/deploy";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { logIn, sessionCookie } from "../support/login";
import { RUNTIMES, startNodeRed, type RunningNodeRed, type RuntimeName } from "../support/node-red";
import { inBatches, rawRequest } from "../support/raw-http";
import { targetsFor } from "../support/targets";

const PASSWORD = "Garden-Gate-4711-open";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
/** Random targets per door in a real Node-RED (the unit tests send more to the bare routers). */
const SAMPLE = 120;

function listener(id: string, path: string): unknown[] {
  return [
    { id: `${id}L`, type: "websocket-listener", path, wholemsg: "false" },
    { id: `${id}In`, type: "websocket in", z: "t1", server: `${id}L`, client: "", wires: [[`${id}Out`]] },
    { id: `${id}Out`, type: "websocket out", z: "t1", server: `${id}L`, client: "", wires: [] },
  ];
}

const FLOWS = [
  { id: "t1", type: "tab", label: "Targets" },
  {
    id: "users1",
    type: "auth-users",
    name: "family",
    accounts: [{ id: "u-ann", username: "ann", roles: ["family"], enabled: true }],
    cost: 10,
    rev: 0,
  },
  ...["/private", "/ws"].map((scope, i) => ({
    id: `gate${String(i)}`,
    type: "auth-gate",
    z: "t1",
    usersConfig: "users1",
    method: "both",
    scope,
    protectScope: true,
    wires: [[]],
  })),
  ...listener("heat", "/ws/heating"),
  ...listener("admin", "/wsv/admin"),
  { id: "apiIn", type: "http in", z: "t1", url: "/api/:name", method: "get", wires: [["apiName"]] },
  {
    id: "apiName",
    type: "change",
    z: "t1",
    rules: [{ t: "set", p: "payload", pt: "msg", to: '"FLOW:" & req.params.name', tot: "jsonata" }],
    wires: [["apiOut"]],
  },
  { id: "apiOut", type: "http response", z: "t1", wires: [] },
];

for (const runtime of ["4", "5"] as RuntimeName[]) {
  describe(`every guard judges the request Node-RED will serve (${RUNTIMES[runtime].label})`, function () {
    this.timeout(180_000);
    let red: RunningNodeRed;
    let cookie = "";
    const dir = mkdtempSync(join(tmpdir(), "nrs-static-"));
    mkdirSync(join(dir, "private"));
    writeFileSync(join(dir, "private", "secret.txt"), "SECRET-FILE");
    const settings = `
      httpStatic: ${JSON.stringify(dir)},
      httpNodeMiddleware: require("node-red-contrib-security").httpNode({
        users: [{ username: "root", password: "${STRONG_10}", roles: ["admin"] }],
        publicPaths: ["/api/health"],
      }),
      webSocketNodeVerifyClient: require("node-red-contrib-security").verifyClient({
        users: [
          { username: "bob", password: "${STRONG_10}", roles: ["family"] },
          { username: "root", password: "${STRONG_10}", roles: ["admin"] },
        ],
        publicPaths: ["/ws"],
        rules: [{ path: "/wsv/admin", roles: ["admin"] }],
      }),
    `;

    before(async () => {
      red = await startNodeRed({ runtime, flows: FLOWS, settings });
      await setPasswords(red, "users1", { "u-ann": PASSWORD });
      await deploy(red, FLOWS, ["users1"]);
      cookie = sessionCookie(await logIn(request.agent(red.url), "/private/login", "ann", PASSWORD, "/private/"));
    });
    after(async () => {
      await red.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("1. refuses websocket upgrades that Node-RED's listener reads past the gate or a verifyClient rule", async () => {
      const evil = { Origin: "http://evil.test" };
      for (const target of ["/ws\\heating", "http://anything/ws/heating", "/ws/heating#x", "/ws%2Fheating"]) {
        const answer = await rawRequest(red.port, target, { upgrade: true, headers: evil });
        assert.equal(answer.status, 400, `${target}: ${answer.headers}`);
      }
      // The plain path: refused for the stranger and for the other site's page alike.
      assert.equal((await rawRequest(red.port, "/ws/heating", { upgrade: true })).status, 401);
      const cross = { ...evil, Cookie: cookie };
      assert.equal((await rawRequest(red.port, "/ws/heating", { upgrade: true, headers: cross })).status, 403);
      assert.equal(
        (await rawRequest(red.port, "/ws/heating", { upgrade: true, headers: { Cookie: cookie } })).status,
        101,
      );

      const bob = { Authorization: basic("bob", STRONG_PASSWORD) };
      for (const target of ["/wsv/admin#x", "/wsv\\admin", "http://h/wsv/admin", "HTTP://h:1/wsv/admin?x"]) {
        const answer = await rawRequest(red.port, target, { upgrade: true, headers: bob });
        assert.equal(answer.status, 400, `${target}: ${answer.headers}`);
      }
      assert.equal((await rawRequest(red.port, "/wsv/admin", { upgrade: true, headers: bob })).status, 403);
      const root = { Authorization: basic("root", STRONG_PASSWORD) };
      assert.equal((await rawRequest(red.port, "/wsv/admin", { upgrade: true, headers: root })).status, 101);
    });

    it("2. refuses dot segments and backslashes that httpStatic would resolve into a protected path", async () => {
      for (const target of [
        "/x/../private/secret.txt",
        "/x/%2e%2e/private/secret.txt",
        "/x/%2E%2E/private/secret.txt",
        "/./private/secret.txt",
        "/x%5C..%5Cprivate/secret.txt",
        "/x\\..\\private/secret.txt",
        "http://anything/private/secret.txt",
      ]) {
        const answer = await rawRequest(red.port, target);
        assert.ok(!answer.body.includes("SECRET"), `${target} served the file`);
        assert.equal(answer.status, 400, `${target}: ${answer.headers}`);
      }
      assert.equal((await rawRequest(red.port, "/private/secret.txt")).status, 401);
      const mine = await rawRequest(red.port, "/private/secret.txt", { headers: { Cookie: cookie } });
      assert.equal(mine.status, 200);
      assert.equal(mine.body, "SECRET-FILE");
    });

    it("3. sends a login only back to this site, however the return target is spelled", async () => {
      for (const next of ["/.//evil.com", "/%2e//evil.com", "/x/..//evil.com"]) {
        // Already logged in: a plain GET of the login page redirects at once.
        const known = await request(red.url)
          .get(`/private/login?next=${encodeURIComponent(next)}`)
          .set("Cookie", cookie)
          .expect(303);
        assert.ok(!String(known.headers.location).startsWith("//"), `${next} → ${String(known.headers.location)}`);
        assert.ok(String(known.headers.location).startsWith("/"), String(known.headers.location));
        // And after a login.
        const fresh = await logIn(request.agent(red.url), "/private/login", "ann", PASSWORD, next);
        assert.equal(fresh.status, 303);
        assert.ok(!String(fresh.headers.location).startsWith("//"), `${next} → ${String(fresh.headers.location)}`);
      }
    });

    it("4. never opens a route across an encoded '/' in a public path", async () => {
      const open = await rawRequest(red.port, "/api/health");
      assert.equal(open.status, 200);
      assert.equal(open.body, "FLOW:health");
      for (const target of ["/api/health%2Fsecret", "/api/health%2fsecret", "/api/health%5Csecret"]) {
        const answer = await rawRequest(red.port, target);
        assert.ok(!answer.body.includes("FLOW:"), `${target} reached the flow: ${answer.body}`);
        assert.equal(answer.status, 400, target);
      }
      assert.equal((await rawRequest(red.port, "/api/status")).status, 401);
    });

    it("lets no random spelling of a protected target through, at any door", async () => {
      const refuse = async (target: string, upgrade: boolean, reached: (status: number, body: string) => boolean) => {
        // Node-RED leaves an upgrade that no listener takes unanswered: an opened one answers at once.
        const answer = await rawRequest(red.port, target, { upgrade, timeoutMs: upgrade ? 600 : 3000 });
        assert.ok(!reached(answer.status, answer.body), `${JSON.stringify(target)} got through (${answer.headers})`);
      };
      await inBatches(targetsFor("/private/secret.txt", SAMPLE), 6, (t) =>
        refuse(t, false, (_s, body) => body.includes("SECRET")),
      );
      await inBatches(targetsFor("/ws/heating", SAMPLE), 10, (t) => refuse(t, true, (s) => s === 101));
      await inBatches(targetsFor("/api/health/x", SAMPLE), 6, (t) =>
        refuse(t, false, (_s, body) => body.startsWith("FLOW:") && body.toLowerCase() !== "flow:health"),
      );
    });
  });
}
