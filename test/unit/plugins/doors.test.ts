import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  MAX_PROBE_REQUESTS,
  deployedNodes,
  installedDashboards,
  probeDashboards,
  selfTarget,
} from "../../../src/plugins/doors";
import type { RedApi } from "../../../src/red-api";

function fakeRed(server: unknown, settings: Record<string, unknown> = {}, nodes?: unknown): RedApi {
  return { settings, server, ...(nodes === undefined ? {} : { nodes }) } as unknown as RedApi;
}

describe("live check of dashboards (plugin glue)", function () {
  this.timeout(20_000);
  let server: Server;
  const seen: IncomingMessage[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    "/ui/": (res) => res.writeHead(302, { Location: "/login?next=%2Fui%2F" }).end(),
    "/ui/socket.io/": (res) => res.writeHead(200).end('0{"sid":"abc","upgrades":[]}'),
    "/dashboard/": (res) => res.writeHead(301, { Location: "/dashboard" }).end(),
    "/dashboard": (res) => res.writeHead(200).end("<html></html>"),
    "/dashboard/socket.io/": (res) => res.writeHead(403).end(),
    "/red/x/": (res) => res.writeHead(200).end("<html></html>"),
    "/red/x/socket.io/": (res) => res.writeHead(400).end('{"code":0,"message":"Transport unknown"}'),
    "/slow/": () => undefined,
  };

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (route) route(res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("tells open, closed and absent doors apart, without credentials and only with GET", async () => {
    const red = fakeRed(server, { httpNodeRoot: "/" });
    const probes = await probeDashboards(red, ["/ui", "/dashboard", "/nothing"]);
    assert.deepEqual(probes, [
      { path: "/ui", page: "closed", socket: "open" },
      { path: "/dashboard", page: "open", socket: "closed" },
      { path: "/nothing", page: "absent", socket: "absent" },
    ]);
    assert.ok(seen.every((r) => r.method === "GET" && !r.headers.authorization && !r.headers.cookie));
    assert.match(seen.find((r) => r.url?.startsWith("/ui/socket.io/"))?.url ?? "", /\?EIO=4&transport=polling$/);
  });

  it("puts httpNodeRoot in front, and skips everything when it is off", async () => {
    assert.deepEqual(await probeDashboards(fakeRed(server, { httpNodeRoot: "/red/" }), ["/x"]), [
      { path: "/x", page: "open", socket: "closed" },
    ]);
    assert.deepEqual(await probeDashboards(fakeRed(server, { httpNodeRoot: false }), ["/ui"]), []);
    assert.equal(seen.length, 2);
  });

  it("gives up on a silent server and never sends more than its budget", async () => {
    const probes = await probeDashboards(fakeRed(server), ["/slow", "/ui", "/a", "/b", "/c", "/d"]);
    assert.deepEqual(probes[0], { path: "/slow", socket: "absent" });
    assert.equal(probes.length, 4);
    assert.ok(seen.length <= MAX_PROBE_REQUESTS, String(seen.length));
  });

  it("turns errors into unknowns", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gone = { address: () => ({ address: "127.0.0.1", port, family: "IPv4" }) };
    assert.deepEqual(await probeDashboards(fakeRed(gone), ["/ui"]), [{ path: "/ui" }]);
    assert.deepEqual(await probeDashboards(fakeRed(undefined), ["/ui"]), []);
  });

  it("reaches a server that listens everywhere over loopback", () => {
    const at = (address: string): unknown => ({ address: () => ({ address, port: 1880, family: "" }) });
    assert.deepEqual(selfTarget(fakeRed(at("0.0.0.0"))), { tls: false, host: "127.0.0.1", port: 1880 });
    assert.deepEqual(selfTarget(fakeRed(at("::"))), { tls: false, host: "::1", port: 1880 });
    assert.deepEqual(selfTarget(fakeRed(at("192.168.1.4"))), { tls: false, host: "192.168.1.4", port: 1880 });
    assert.deepEqual(selfTarget(fakeRed({ address: () => "/run/nr.sock" })), {
      tls: false,
      socketPath: "/run/nr.sock",
    });
    assert.equal(selfTarget(fakeRed({ address: () => null })), undefined);
  });

  it("reads deployed nodes when the runtime lets it, and finds nothing installed in an empty place", () => {
    const nodes = [{ id: "a", type: "websocket-listener", path: "/ws" }];
    const each = (cb: (n: unknown) => void): void => nodes.forEach(cb);
    assert.deepEqual(deployedNodes(fakeRed(undefined, {}, { eachNode: each })), nodes);
    assert.equal(deployedNodes(fakeRed(undefined, {}, {})), undefined);
    const broken = (): void => {
      throw new Error("not started");
    };
    assert.equal(deployedNodes(fakeRed(undefined, {}, { eachNode: broken })), undefined);
    assert.deepEqual(installedDashboards({ userDir: "/nonexistent", nodesDir: [42] }), {
      dashboard1: false,
      dashboard2: false,
    });
  });
});
