// Differential tests of request-target.ts: for each door, the real router behind it (Express 4 set up
// as Node-RED sets up httpNode, serve-static as httpStatic, a ws listener picked the way Node-RED's
// `websocket in` node picks it, a socket.io server) is sent tricky and random targets as raw bytes.
// Whenever the router alone reaches the protected handler, the guard must have judged the target
// inside the protected scope and, in front of the same router, refused it without credentials.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as nodeUrl from "node:url";
import bcrypt from "bcryptjs";
import express, { type RequestHandler } from "express";
import parseurl from "parseurl";
import { Server as SocketIoServer } from "socket.io";
import { WebSocketServer } from "ws";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { AuthGate } from "../../../src/gate/auth-gate";
import type { UsersContext } from "../../../src/auth/users-context";
import { doorPath, readTarget, targetOnlyWithin, targetWithin } from "../../../src/auth/request-target";
import { SessionStore } from "../../../src/auth/sessions";
import { UserDirectory } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";
import { httpNode, verifyClient } from "../../../src/middleware";
import { registry } from "../../../src/runtime/registry";
import { serverGuardFor } from "../../../src/middleware/server-guard";
import { GateDispatcher } from "../../../src/nodes/gate-dispatcher";
import { inBatches, rawRequest } from "../../support/raw-http";
import { STRONG_10, STRONG_PASSWORD } from "../../support/hashes";
import { targetsFor, trickTargets } from "../../support/targets";

/** Random targets per door, on top of the table of tricks: enough to find a gap, few enough to stay fast. */
const RANDOM_PER_DOOR = 300;
/** url.parse(url).pathname: the legacy parser on purpose, Node-RED's websocket listeners pick their handler with it. */
function urlParsePathname(url: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return nodeUrl.parse(url).pathname ?? undefined;
}

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe("request targets: what each door reads", () => {
  it("reads clean targets in one scan, as every door does", () => {
    // What dashboards really send: assets with dots in their names, socket.io's query strings (a browser
    // never sends the "#!/0" of node-red-dashboard's "/ui/#!/0").
    for (const url of [
      "/dashboard/assets/index-abc.js",
      "/dashboard/assets/index-DdBg.min.js?v=1.2.3",
      "/dashboard/manifest.webmanifest",
      "/ui/",
      "/ui/vendor/angular/angular.min.js",
      "/ui/socket.io/?EIO=3&transport=polling&t=Pabc.1&b64=1",
      "/dashboard/socket.io/?EIO=4&transport=websocket&sid=a.b/c..d",
      "/api/a%20b",
      "/api/%C3%A9t%C3%A9",
    ]) {
      const target = readTarget(url);
      assert.equal(target.ambiguous, false, url);
    }
    assert.deepEqual(readTarget("/Private//Secret.txt?x=/../y").readings, ["/private/secret.txt"]);
    assert.deepEqual(readTarget("/%70rivate/x").readings, ["/%70rivate/x", "/private/x"]);
  });

  it("marks every target some door could read another way as ambiguous", () => {
    for (const url of [
      "/x/../private",
      "/x/%2e%2e/private",
      "/x/.%2E/private",
      "/./private",
      "/private/.",
      "/ws\\heating",
      "/x%5Cy",
      "/api/health%2Fsecret",
      "http://anything/ws/heating",
      "anything:80",
      "*",
      "/wsv/admin#x",
      "/a%00b",
      "/a\u0001b",
      "/private./x",
      "/bad%zzescape",
      "/caf\u00e9",
    ]) {
      assert.equal(readTarget(url).ambiguous, true, url);
    }
  });

  it("reads httpNode's routes as Express does (parseurl), and listeners as url.parse does", () => {
    for (const url of targetsFor("/wsv/admin", 300)) {
      assert.equal(doorPath("express", url), parseurl({ url })?.pathname ?? undefined, url);
      assert.equal(doorPath("websocket", url), urlParsePathname(url), url);
    }
  });

  it("counts an allow-listed path as public only when every door reads it there", () => {
    assert.equal(targetOnlyWithin(readTarget("/api/health"), "/api/health"), true);
    assert.equal(targetOnlyWithin(readTarget("/api/health/x?y"), "/api/health"), true);
    for (const url of [
      "/api/health%2Fsecret",
      "/api/h%65alth",
      "/api/health/../secret",
      "/api/healthz",
      "//api/health",
    ]) {
      assert.equal(targetOnlyWithin(readTarget(url), "/api/health"), false, url);
    }
    assert.equal(targetWithin(readTarget("/x/../private/f"), "/private"), true);
  });
});

describe("request targets: differential tests against the real routers", function () {
  this.timeout(120_000);
  const pool = new BcryptPool({ workers: 1 });
  const users = new UserDirectory([
    { username: "alice", roles: ["admin"], enabled: true, hash: bcrypt.hashSync(STRONG_PASSWORD, 4) },
    { username: "bob", roles: ["family"], enabled: true, hash: bcrypt.hashSync(STRONG_PASSWORD, 4) },
  ]);
  const ctx: UsersContext = {
    id: "users-targets",
    users,
    verifier: new CredentialVerifier({ pool }),
    sessions: new SessionStore({ secret: randomBytes(32), idleMs: 60_000, absoluteMs: 3_600_000 }),
  };
  const gateAt = (scope: string, roles: string[] = []): AuthGate =>
    new AuthGate(
      {
        method: "both",
        realm: "Home",
        roles,
        title: "Home",
        scope,
        loginPath: "",
        logoutPath: "",
        trustProxy: false,
        securityHeaders: false,
        text: {} as never,
      },
      () => ctx,
    );
  const dir = mkdtempSync(join(tmpdir(), "nrs-static-"));
  mkdirSync(join(dir, "private"));
  writeFileSync(join(dir, "private", "secret.txt"), "SECRET-FILE");
  const servers: Server[] = [];
  // The settings.js helpers made here register login pages in the process-wide registry: forget them
  // afterwards, or other tests' apps would serve them.
  const loginGatesBefore = new Set(registry().loginGates.keys());
  after(() => {
    for (const id of [...registry().loginGates.keys()]) if (!loginGatesBefore.has(id)) registry().loginGates.delete(id);
  });
  after(async () => {
    await Promise.all(servers.map(close));
    await pool.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(handler?: express.Express): Promise<{ port: number; server: Server }> {
    // Whatever no router takes gets a quick 404, as Node-RED's app gives.
    const server = createServer(handler ?? ((_req, res) => res.writeHead(404).end()));
    servers.push(server);
    return { port: await listen(server), server };
  }

  /**
   * Node-RED's HTTP side: httpNode (with `http in` routes under /private) at "/", then httpStatic
   * (serve-static over a folder holding private/secret.txt); optionally the gate dispatcher in front.
   */
  function nodeRedApp(guarded: boolean): express.Express {
    const app = express();
    const node = express();
    node.set("x-powered-by", false);
    if (guarded) {
      const dispatcher = new GateDispatcher();
      dispatcher.register("gate-private", gateAt("/private"), true);
      node.use(dispatcher.middleware);
    }
    node.get("/private/:name", (_req, res) => res.send("SECRET-ROUTE"));
    node.get("/private", (_req, res) => res.send("SECRET-ROUTE"));
    app.use("/", node);
    app.use("/", express.static(dir));
    return app;
  }

  it("httpNode routes and httpStatic: every target that reaches /private is judged inside it and refused", async () => {
    const open = await start(nodeRedApp(false));
    const guarded = await start(nodeRedApp(true));
    const targets = [...targetsFor("/private/secret.txt", RANDOM_PER_DOOR), ...targetsFor("/private", 100, 7)];
    let reached = 0;
    await inBatches(targets, 8, async (target) => {
      const plain = await rawRequest(open.port, target);
      if (!plain.body.includes("SECRET")) return;
      reached += 1;
      assert.ok(targetWithin(readTarget(target), "/private"), `${JSON.stringify(target)} reaches /private unjudged`);
      const answer = await rawRequest(guarded.port, target);
      assert.ok(!answer.body.includes("SECRET"), `${JSON.stringify(target)} got past the gate`);
      assert.ok([400, 401].includes(answer.status), `${JSON.stringify(target)}: ${String(answer.status)}`);
    });
    // The tricks do reach the handlers without the gate: the test is not vacuous.
    assert.ok(reached > 40, `only ${String(reached)} targets reached /private`);
    // And the gate still lets a clean request with credentials through.
    const ok = await rawRequest(guarded.port, "/private/secret.txt", {
      headers: { Authorization: basic("alice", STRONG_PASSWORD) },
    });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /SECRET/);
  });

  it("a target that routes and static files read two ways must pass the gates of both readings", async () => {
    const app = express();
    const dispatcher = new GateDispatcher();
    dispatcher.register("gate-admin", gateAt("/private", ["admin"]), true);
    dispatcher.register("gate-family", gateAt("/private/public"), true);
    app.use(dispatcher.middleware);
    app.get("/private/:name", (req, res) => res.send(`ROUTE:${req.params.name}`));
    const { port } = await start(app);
    const bob = { Authorization: basic("bob", STRONG_PASSWORD) };
    // Express routes "/private/%70ublic" as the admin's /private/:name; decoded it is the family's path.
    assert.equal((await rawRequest(port, "/private/%70ublic", { headers: bob })).status, 403);
    assert.equal((await rawRequest(port, "/private/public", { headers: bob })).body, "ROUTE:public");
    const alice = { Authorization: basic("alice", STRONG_PASSWORD) };
    assert.equal((await rawRequest(port, "/private/%70ublic", { headers: alice })).body, "ROUTE:public");
    assert.equal((await rawRequest(port, "/private/secret", { headers: alice })).body, "ROUTE:secret");
  });

  it("httpNode publicPaths: a public path never opens a route across a decoded separator", async () => {
    const guard = httpNode({
      users: [{ username: "alice", password: STRONG_10, roles: [] }],
      publicPaths: ["/api/health"],
    });
    const make = (mw: RequestHandler | undefined): express.Express => {
      const app = express();
      app.get("/api/:name", ...(mw ? [mw] : []), (req, res) => res.send(`FLOW:${String(req.params.name)}`));
      return app;
    };
    const open = await start(make(undefined));
    const guarded = await start(make(guard));
    const targets = [...targetsFor("/api/health/secret", RANDOM_PER_DOOR), ...trickTargets("/api/health")];
    let reached = 0;
    await inBatches(targets, 8, async (target) => {
      const plain = await rawRequest(open.port, target);
      const name = /FLOW:(.*)$/s.exec(plain.body)?.[1];
      if (name === undefined || name.toLowerCase() === "health") return;
      reached += 1;
      const answer = await rawRequest(guarded.port, target);
      assert.ok(!answer.body.includes("FLOW:"), `${JSON.stringify(target)} reached the flow as "${name}" with no user`);
    });
    assert.ok(reached >= 3, `only ${String(reached)} targets reached another name`);
    assert.equal((await rawRequest(guarded.port, "/api/health")).body, "FLOW:health");
  });

  /** Node-RED's `websocket in` listeners: one upgrade handler picking the listener by url.parse pathname. */
  function listenersOn(server: Server, paths: Record<string, WebSocketServer>): void {
    server.on("upgrade", (req, socket, head) => {
      const pathname = urlParsePathname(req.url ?? "") ?? "";
      const listener = paths[pathname];
      if (listener) {
        listener.handleUpgrade(req, socket, head, (ws) => {
          ws.close();
        });
      } else {
        socket.destroy();
      }
    });
  }

  it("websocket listeners behind an auth gate's server guard: every upgrade that opens /ws/heating is refused", async () => {
    const open = await start();
    listenersOn(open.server, { "/ws/heating": new WebSocketServer({ noServer: true }) });
    const guarded = await start();
    const gate = gateAt("/ws");
    serverGuardFor(guarded.server, "", "/").register("gate-ws", gate);
    listenersOn(guarded.server, { "/ws/heating": new WebSocketServer({ noServer: true }) });
    const targets = targetsFor("/ws/heating", RANDOM_PER_DOOR);
    let reached = 0;
    await inBatches(targets, 8, async (target) => {
      const plain = await rawRequest(open.port, target, { upgrade: true });
      if (plain.status !== 101) return;
      reached += 1;
      assert.ok(targetWithin(readTarget(target), "/ws"), `${JSON.stringify(target)} opens /ws/heating unjudged`);
      // Even from another site's page: the Origin check must not be skipped either.
      const answer = await rawRequest(guarded.port, target, { upgrade: true, headers: { Origin: "http://evil.test" } });
      assert.notEqual(answer.status, 101, `${JSON.stringify(target)} opened past the gate`);
      assert.ok([400, 403].includes(answer.status), `${JSON.stringify(target)}: ${String(answer.status)}`);
    });
    assert.ok(reached >= 5, `only ${String(reached)} targets opened the listener`);
  });

  it("verifyClient rules: a user without the rule's role never opens /wsv/admin, however it is written", async () => {
    const verify = verifyClient({
      users: [{ username: "bob", password: STRONG_10, roles: ["family"] }],
      rules: [{ path: "/wsv/admin", roles: ["admin"] }],
    });
    const open = await start();
    listenersOn(open.server, { "/wsv/admin": new WebSocketServer({ noServer: true }) });
    const guarded = await start();
    listenersOn(guarded.server, { "/wsv/admin": new WebSocketServer({ noServer: true, verifyClient: verify }) });
    const bob = { Authorization: basic("bob", STRONG_PASSWORD) };
    const targets = targetsFor("/wsv/admin", RANDOM_PER_DOOR);
    let reached = 0;
    await inBatches(targets, 4, async (target) => {
      const plain = await rawRequest(open.port, target, { upgrade: true });
      if (plain.status !== 101) return;
      reached += 1;
      const answer = await rawRequest(guarded.port, target, { upgrade: true, headers: bob });
      assert.notEqual(answer.status, 101, `${JSON.stringify(target)} let bob into /wsv/admin`);
      assert.ok([400, 403].includes(answer.status), `${JSON.stringify(target)}: ${String(answer.status)}`);
    });
    assert.ok(reached >= 5, `only ${String(reached)} targets opened the listener`);
  });

  it("socket.io: every handshake engine.io takes under a protected scope is judged by the server guard", async () => {
    const openIo = await start();
    new SocketIoServer(openIo.server, { path: "/private/socket.io" });
    const guarded = await start();
    serverGuardFor(guarded.server, "", "/").register("gate-io", gateAt("/private"));
    new SocketIoServer(guarded.server, { path: "/private/socket.io" });
    const targets = targetsFor("/private/socket.io/", RANDOM_PER_DOOR).map((t) =>
      t.includes("?") ? `${t}&EIO=4&transport=polling` : `${t}?EIO=4&transport=polling`,
    );
    let reached = 0;
    await inBatches(targets, 8, async (target) => {
      const plain = await rawRequest(openIo.port, target);
      if (plain.status !== 200 || !plain.body.includes('"sid"')) return;
      reached += 1;
      assert.ok(targetWithin(readTarget(target), "/private"), `${JSON.stringify(target)} opens socket.io unjudged`);
      const answer = await rawRequest(guarded.port, target);
      assert.ok(!answer.body.includes('"sid"'), `${JSON.stringify(target)} opened socket.io past the gate`);
    });
    assert.ok(reached >= 3, `only ${String(reached)} targets reached engine.io`);
    // A logged-in client still connects with socket.io's own query string.
    const ok = await rawRequest(guarded.port, "/private/socket.io/?EIO=4&transport=polling&t=PzX1a", {
      headers: { Authorization: basic("alice", STRONG_PASSWORD) },
    });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /"sid"/);
  });
});
