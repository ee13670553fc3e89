// The live check against a real Node-RED with a mix of open and gated doors: it finds the open ones,
// leaves the gated ones alone, never runs a POST endpoint, and the CLI's --probe sees the same.
import assert from "node:assert/strict";
import type { Finding, Report } from "../../src/audit";
import { runCli } from "../support/cli";
import { deploy, setPasswords } from "../support/deploy";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";
import { adminToken, startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Garden-Gate-4711-open";

const FLOWS = [
  { id: "t1", type: "tab", label: "Doors" },
  {
    id: "users1",
    type: "auth-users",
    name: "family",
    accounts: [{ id: "u1", username: "ann", roles: [], enabled: true }],
    cost: 10,
    rev: 0,
  },
  { id: "openIn", type: "http in", z: "t1", name: "weather", url: "/weather", method: "get", wires: [["count"]] },
  {
    id: "count",
    type: "function",
    z: "t1",
    // Counts the requests that got through to the flow.
    func: 'global.set("hits", (global.get("hits") || 0) + 1); msg.payload = "sunny"; return msg;',
    outputs: 1,
    wires: [["openOut"]],
  },
  { id: "openOut", type: "http response", z: "t1", wires: [] },
  { id: "gatedIn", type: "http in", z: "t1", url: "/garage", method: "get", wires: [["gate1"]] },
  { id: "gate1", type: "auth-gate", z: "t1", usersConfig: "users1", method: "basic", wires: [["gatedOut"]] },
  { id: "gatedOut", type: "http response", z: "t1", wires: [] },
  { id: "postIn", type: "http in", z: "t1", url: "/upload", method: "post", wires: [["postOut"]] },
  { id: "postOut", type: "http response", z: "t1", wires: [] },
  { id: "hitsIn", type: "http in", z: "t1", url: "/hits", method: "post", wires: [["hitsSet"]] },
  {
    id: "hitsSet",
    type: "change",
    z: "t1",
    rules: [{ t: "set", p: "payload", pt: "msg", to: "hits", tot: "global" }],
    wires: [["hitsOut"]],
  },
  { id: "hitsOut", type: "http response", z: "t1", wires: [] },
  // An open endpoint whose flow runs a command: the live check must not start it.
  { id: "runIn", type: "http in", z: "t1", url: "/run", method: "get", wires: [["runExec"]] },
  {
    id: "runExec",
    type: "exec",
    z: "t1",
    name: "touch",
    command: "true",
    addpay: "",
    append: "",
    useSpawn: "false",
    timer: "",
    winHide: false,
    oldrc: false,
    wires: [[], [], []],
  },
  { id: "wsl", type: "websocket-listener", path: "/ws/open", wholemsg: "false" },
  { id: "wsIn", type: "websocket in", z: "t1", server: "wsl", client: "", wires: [[]] },
];

const SETTINGS = `adminAuth: {
  type: "credentials",
  users: [{ username: "admin", password: "${STRONG_10}", permissions: "*" }]
},`;

describe("live check against a real Node-RED", function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  let token: string;

  before(async () => {
    red = await startNodeRed({ flows: FLOWS, settings: SETTINGS });
    token = await adminToken(red.url, "admin", STRONG_PASSWORD);
    await setPasswords(red, "users1", { u1: PASSWORD }, token);
    await deploy(red, FLOWS, ["users1"], token);
  });
  after(async () => {
    await red.stop();
  });

  const posture = async (query = ""): Promise<Report> => {
    const res = await fetch(`${red.url}/security/posture${query}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    return (await res.json()) as Report;
  };
  const live = (report: Report): Finding | undefined => report.findings.find((f) => f.id === "NRS-LIVE-001");

  it("does not knock on doors unless asked", async () => {
    assert.equal(live(await posture()), undefined);
  });

  it("finds the open endpoint and websocket, not the gated ones, and never sends the POST", async () => {
    const finding = live(await posture("?probe=1"));
    assert.ok(finding, "no live check finding");
    assert.equal(finding.severity, "low", "a loopback-only instance");
    assert.deepEqual(finding.details?.slice(0, 2), [
      "GET /weather: answered 200 without a login",
      "websocket /ws/open: opened a websocket without a login",
    ]);
    assert.ok(finding.details.includes("POST /upload: not asked: the live check never sends POST"));
    assert.ok(
      finding.details.some((d) => /^GET \/run: not asked: its flow reaches exec/.test(d)),
      finding.details.join("\n"),
    );
    assert.ok(
      !finding.details.some((d) => d.includes("/garage") || d.includes("/flows")),
      "a closed door was reported",
    );
    assert.deepEqual(finding.nodes, [
      { id: "openIn", type: "http in", name: "weather", z: "t1" },
      { id: "wsl", type: "websocket-listener" },
    ]);
    // The open endpoint's flow ran once, for the one HEAD request.
    const hits = await fetch(`${red.url}/hits`, { method: "POST" });
    assert.equal(await hits.text(), "1");
  });

  it("is what the CLI's --probe sees too", async () => {
    const r = await runCli(["audit", red.userDir, "--format", "json", "--probe", red.url]);
    const report = JSON.parse(r.stdout) as Report;
    const finding = live(report);
    assert.ok(finding, r.stderr);
    assert.ok(finding.details?.includes("GET /weather: answered 200 without a login"));
    assert.ok(!finding.details?.some((d) => d.includes("/garage")));
  });

  it("refuses a --probe that is not an http(s) URL", async () => {
    const r = await runCli(["audit", red.userDir, "--probe", "ftp://example.org"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--probe needs an http:\/\/ or https:\/\/ URL/);
  });
});
