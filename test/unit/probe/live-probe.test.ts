// The live check against a small real server: what it judges open or closed, and its bounds — no POST,
// never /auth/token, a fixed number of requests, a time limit.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Text } from "../../../src/i18n/messages";
import { translator } from "../../../src/i18n/catalog";
import { doorMsg, judge, runProbe, type ProbeTarget } from "../../../src/probe/live-probe";
import { concretePath, dangerousEndpoints, probeTargets } from "../../../src/probe/targets";

/** A door's label or note in English, as the report shows it. */
const english = (text: Text | undefined): string => translator("findings.json", "en-US")(text ?? "");

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly mark?: string | string[] | undefined;
}

function startServer(seen: Seen[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", mark: req.headers["x-nrs-self-check"] });
    const url = req.url ?? "";
    if (url === "/slow") return; // never answers
    if (url === "/flows" || url === "/api/gated") res.writeHead(401).end();
    else if (url === "/ui/") res.writeHead(303, { Location: "/ui/login?next=%2Fui%2F" }).end();
    else if (url === "/moved") res.writeHead(301, { Location: "/elsewhere" }).end();
    else if (url === "/settings" || url.startsWith("/api/open")) res.writeHead(200).end("ok");
    else res.writeHead(404).end();
  });
  server.on("upgrade", (req: IncomingMessage, socket) => {
    seen.push({ method: "UPGRADE", url: req.url ?? "" });
    if (req.url === "/ws/open") {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    } else {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const target = (
  path: string,
  method: ProbeTarget["method"] = "GET",
  kind: ProbeTarget["kind"] = "http-in",
): ProbeTarget => ({
  kind,
  path,
  method,
  label: `${method} ${path}`,
});

describe("live check", function () {
  this.timeout(20_000);
  const seen: Seen[] = [];
  let server: Server;
  let base: URL;
  before(async () => {
    server = await startServer(seen);
    base = new URL(`http://127.0.0.1:${String((server.address() as AddressInfo).port)}`);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("tells open doors from closed ones, for pages, endpoints and websockets", async () => {
    const results = await runProbe(base, [
      target("/flows", "GET", "admin-api"),
      target("/settings", "GET", "admin-api"),
      target("/api/open", "HEAD"),
      target("/api/gated", "HEAD"),
      target("/ui/", "GET", "dashboard"),
      target("/moved"),
      target("/ws/open", "UPGRADE", "websocket"),
      target("/ws/closed", "UPGRADE", "websocket"),
      target("/nothing"),
    ]);
    assert.deepEqual(
      results.map((r) => [r.path, r.state, r.status]),
      [
        ["/flows", "closed", 401],
        ["/settings", "open", 200],
        ["/api/open", "open", 200],
        ["/api/gated", "closed", 401],
        ["/ui/", "closed", 303],
        ["/moved", "unknown", 301],
        ["/ws/open", "open", 101],
        ["/ws/closed", "closed", 401],
        ["/nothing", "unknown", 404],
      ],
    );
    assert.ok(
      seen.some((s) => s.method === "HEAD" && s.url === "/api/open"),
      "HEAD was not used",
    );
  });

  it("never asks for /auth/token, never sends what a target says to skip, and stops at its limits", async () => {
    const many = Array.from({ length: 12 }, (_, i) => target(`/api/open/${String(i)}`));
    const results = await runProbe(
      base,
      [target("/auth/token"), { ...target("/api/post"), skip: "not asked: the live check never sends POST" }, ...many],
      { maxRequests: 5 },
    );
    assert.ok(!seen.some((s) => s.url.includes("/auth/token")), "asked /auth/token");
    assert.ok(!seen.some((s) => s.url === "/api/post"), "asked a skipped target");
    assert.equal(seen.length, 5, "more requests than the limit");
    assert.equal(results[0]?.state, "skipped");
    assert.match(english(results[1]?.note), /never sends POST/);
    assert.equal(english(results.at(0)?.note), "never asked: it could lock out real users");
    assert.equal(english(results.at(-1)?.note), "not asked: the live check stops after a fixed number of requests");
    assert.equal(results.filter((r) => r.state === "open").length, 5);
  });

  it("sends the extra headers it is given (the self-check mark) and none otherwise", async () => {
    await runProbe(base, [target("/api/gated", "HEAD")], { headers: { "x-nrs-self-check": "token-1" } });
    await runProbe(base, [target("/api/gated", "HEAD")]);
    assert.deepEqual(
      seen.map((s) => s.mark),
      ["token-1", undefined],
    );
  });

  it("gives up on a door that does not answer, and says unknown", async () => {
    // /slow never answers: without the probe's own time limit this would wait for the test's.
    const [slow] = await runProbe(base, [target("/slow")], { timeoutMs: 300 });
    assert.equal(slow?.state, "unknown");
  });

  it("says unknown, not open, when nothing listens", async () => {
    const [gone] = await runProbe(new URL("http://127.0.0.1:9"), [target("/")], { timeoutMs: 500 });
    assert.equal(gone?.state, "unknown");
    assert.equal(judge(target("/"), {}), "unknown");
  });
});

describe("live check targets", () => {
  const flows = [
    { id: "t1", type: "tab" },
    { id: "t2", type: "tab", disabled: true },
    { id: "a", type: "http in", z: "t1", name: "door", url: "/door/:id", method: "get" },
    { id: "b", type: "http in", z: "t1", url: "upload", method: "post" },
    { id: "c", type: "http in", z: "t1", url: "/run", method: "get" },
    { id: "d", type: "http in", z: "t2", url: "/off", method: "get" },
    { id: "e", type: "http in", z: "t1", url: "/off2", method: "get", d: true },
    { id: "w", type: "websocket-listener", path: "/ws/live" },
  ];

  it("asks GET endpoints with HEAD, names the others, and skips dangerous or disabled ones", () => {
    const targets = probeTargets({
      settings: { httpNodeRoot: "/api/" },
      flows,
      dashboards: [{ label: "Dashboard 2", path: "/dashboard" }],
      dangerous: new Map([["c", doorMsg("reaches", { what: "an exec node" })]]),
    });
    assert.deepEqual(
      targets.map((t) => [t.kind, t.method, t.path, english(t.skip)]),
      [
        ["admin-api", "GET", "/flows", ""],
        ["admin-api", "GET", "/settings", ""],
        ["http-in", "HEAD", "/api/door/probe", ""],
        ["http-in", "HEAD", "/api/upload", "not asked: the live check never sends POST"],
        ["http-in", "HEAD", "/api/run", "not asked: its flow reaches an exec node"],
        ["websocket", "UPGRADE", "/api/ws/live", ""],
        ["dashboard", "GET", "/api/dashboard/", ""],
      ],
    );
    assert.deepEqual(targets[2]?.node, { id: "a", type: "http in", name: "door", z: "t1" });
    assert.deepEqual(
      targets.map((t) => english(t.label)),
      [
        "admin API: GET /flows",
        "admin API: GET /settings",
        "GET /door/:id",
        "POST /upload",
        "GET /run",
        "websocket /ws/live",
        "Dashboard 2 /dashboard",
      ],
    );
    const german = translator("findings.json", "de");
    assert.equal(german(targets[0]?.label ?? ""), "Admin-API: GET /flows");
    assert.equal(german(targets[3]?.skip ?? ""), "nicht gefragt: Die Prüfung sendet nie POST");
  });

  it("leaves out what is switched off, and survives junk", () => {
    assert.deepEqual(probeTargets({ settings: { httpRoot: false }, flows }), []);
    assert.equal(probeTargets({ settings: { httpAdminRoot: false }, flows: "junk" }).length, 0);
    assert.equal(probeTargets({ settings: {}, flows: [null, 1, { type: "http in" }] }).length, 2);
    assert.equal(concretePath("/a/:b/*/c:d?"), "/a/probe/probe/cprobe");
  });

  it("knows which open endpoints reach a command, through link nodes too", () => {
    const risky = [
      { id: "t1", type: "tab" },
      { id: "in1", type: "http in", z: "t1", url: "/reboot", method: "get", wires: [["lo"]] },
      { id: "lo", type: "link out", z: "t1", links: ["li"], wires: [] },
      { id: "li", type: "link in", z: "t1", links: ["lo"], wires: [["ex"]] },
      { id: "ex", type: "exec", z: "t1", name: "reboot", command: "reboot", wires: [[], [], []] },
      { id: "in2", type: "http in", z: "t1", url: "/weather", method: "get", wires: [["out"]] },
      { id: "out", type: "http response", z: "t1", wires: [] },
    ];
    const dangerous = dangerousEndpoints(risky);
    assert.deepEqual([...dangerous.keys()], ["in1"]);
    assert.match(english(dangerous.get("in1")), /^not asked: its flow reaches exec/);
    assert.equal(dangerousEndpoints("junk").size, 0);
    assert.equal(dangerousEndpoints(undefined).size, 0);
  });
});
