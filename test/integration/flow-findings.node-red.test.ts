// Against a real Node-RED 4.1: a risky flow (http in → function → exec, a function-node login with a
// plain password, a TLS config that checks nothing) shows up in the Security sidebar's report with the
// right node ids; once an auth gate stands after the endpoint, the exec is out of outsiders' reach. A
// function node that compares the raw Authorization header with a fixed password, and a camera URL with a
// password in an http request node, are reported too.
import assert from "node:assert/strict";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PLAIN = "not-in-any-report-7361";
const HEADER_PASSWORD = "Sunflower-Garden-77";
const CAMERA_PASSWORD = "Cam3ra2024";

const RAW_HEADER = [
  { id: "tab2", type: "tab", label: "Home-made header check" },
  {
    id: "hin2",
    type: "http in",
    z: "tab2",
    name: "",
    url: "/status",
    method: "get",
    upload: false,
    x: 100,
    y: 40,
    wires: [["check"]],
  },
  {
    id: "check",
    type: "function",
    z: "tab2",
    name: "check header",
    func: `if (msg.req.headers.authorization !== "${HEADER_PASSWORD}") {\n    msg.statusCode = 401;\n    return [null, msg];\n}\nreturn [msg, null];`,
    outputs: 2,
    x: 250,
    y: 40,
    wires: [["resp2"], ["resp2"]],
  },
  { id: "resp2", type: "http response", z: "tab2", name: "", statusCode: "", headers: {}, x: 400, y: 40, wires: [] },
  {
    id: "cam",
    type: "http request",
    z: "tab2",
    name: "snapshot",
    method: "GET",
    ret: "bin",
    paytoqs: "ignore",
    url: `http://admin:${CAMERA_PASSWORD}@192.168.1.64/snapshot.jpg`,
    tls: "",
    persist: false,
    proxy: "",
    authType: "",
    x: 250,
    y: 100,
    wires: [[]],
  },
];

const RISKY = [
  { id: "tab1", type: "tab", label: "Risky" },
  {
    id: "hin",
    type: "http in",
    z: "tab1",
    name: "run",
    url: "/run",
    method: "get",
    upload: false,
    x: 100,
    y: 40,
    wires: [["fn"]],
  },
  {
    id: "fn",
    type: "function",
    z: "tab1",
    name: "build",
    func: "return msg;",
    outputs: 1,
    x: 250,
    y: 40,
    wires: [["ex"]],
  },
  {
    id: "ex",
    type: "exec",
    z: "tab1",
    name: "reboot",
    command: "echo",
    addpay: "",
    append: "",
    useSpawn: "false",
    timer: "",
    oldrc: false,
    x: 400,
    y: 40,
    wires: [["resp"], [], []],
  },
  { id: "resp", type: "http response", z: "tab1", name: "", statusCode: "", headers: {}, x: 550, y: 40, wires: [] },
  {
    id: "lin",
    type: "http in",
    z: "tab1",
    name: "",
    url: "/login",
    method: "post",
    upload: false,
    x: 100,
    y: 100,
    wires: [["login"]],
  },
  {
    id: "login",
    type: "function",
    z: "tab1",
    name: "check login",
    func: `msg.statusCode = msg.payload.password === "${PLAIN}" ? 200 : 401;\nreturn msg;`,
    outputs: 1,
    x: 250,
    y: 100,
    wires: [["lresp"]],
  },
  { id: "lresp", type: "http response", z: "tab1", name: "", statusCode: "", headers: {}, x: 400, y: 100, wires: [] },
  {
    id: "tls",
    type: "tls-config",
    name: "lab",
    cert: "",
    key: "",
    ca: "",
    certname: "",
    keyname: "",
    caname: "",
    servername: "",
    verifyservercert: false,
  },
  {
    id: "req",
    type: "http request",
    z: "tab1",
    name: "weather",
    method: "GET",
    ret: "txt",
    paytoqs: "ignore",
    url: "https://weather.invalid/",
    tls: "tls",
    persist: false,
    proxy: "",
    authType: "",
    x: 250,
    y: 160,
    wires: [[]],
  },
];

const USERS = {
  id: "users1",
  type: "auth-users",
  name: "people",
  accounts: [{ id: "u1", username: "alice", roles: [], enabled: true }],
  cost: 10,
  sessionIdleMinutes: 60,
  sessionMaxHours: 24,
  rev: 0,
};
const GATE = {
  id: "gate",
  type: "auth-gate",
  z: "tab1",
  name: "login first",
  usersConfig: "users1",
  method: "form",
  roles: "",
  realm: "",
  title: "",
  scope: "/",
  loginPath: "",
  logoutPath: "",
  protectScope: false,
  deniedOutput: false,
  trustProxy: false,
  securityHeaders: true,
  outputs: 1,
  x: 200,
  y: 40,
  wires: [["fn"]],
};
const GATED = [...RISKY.map((n) => (n.id === "hin" ? { ...n, wires: [["gate"]] } : n)), USERS, GATE];

interface Posture {
  findings: { id: string; severity: string; title: string; details?: string[]; nodes?: { id: string }[] }[];
}

async function posture(red: RunningNodeRed): Promise<{ byId: Map<string, Posture["findings"][number]>; text: string }> {
  const res = await fetch(`${red.url}/security/posture`, { signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const report = JSON.parse(text) as Posture;
  return { byId: new Map(report.findings.map((f) => [f.id, f])), text };
}

describe("flow findings in a real Node-RED", function () {
  this.timeout(120_000);
  let red: RunningNodeRed;
  before(async () => {
    red = await startNodeRed({ flows: RISKY });
  });
  after(async () => {
    await red.stop();
  });

  it("finds the open endpoints, the reachable exec, the plain password and the unverified TLS", async () => {
    const { byId, text } = await posture(red);
    // 127.0.0.1 only: the loopback severities.
    const open = byId.get("NRS-FLOW-001");
    assert.equal(open?.severity, "low", JSON.stringify(open));
    assert.deepEqual(
      open.nodes?.map((n) => n.id),
      ["hin", "lin"],
    );
    const exec = byId.get("NRS-FLOW-002");
    assert.equal(exec?.severity, "high", JSON.stringify(exec));
    assert.deepEqual(exec.details, ["http in GET /run → exec 'reboot'"]);
    assert.deepEqual(
      exec.nodes?.map((n) => n.id),
      ["hin", "ex"],
    );
    const login = byId.get("NRS-FLOW-003");
    assert.equal(login?.severity, "high", JSON.stringify(login));
    assert.deepEqual(
      login.nodes?.map((n) => n.id),
      ["login"],
    );
    const tls = byId.get("NRS-FLOW-005");
    assert.equal(tls?.severity, "medium", JSON.stringify(tls));
    assert.deepEqual(
      tls.nodes?.map((n) => n.id),
      ["tls", "req"],
    );
    assert.ok(!text.includes(PLAIN), "the plain password must not appear in the report");
  });

  it("passes NRS-FLOW-002 once an auth gate stands after the endpoint, and reads the users' passwords", async () => {
    await deploy(red, GATED);
    let { byId } = await posture(red);
    assert.equal(byId.get("NRS-FLOW-002")?.severity, "pass", JSON.stringify(byId.get("NRS-FLOW-002")));
    assert.deepEqual(
      byId.get("NRS-FLOW-001")?.nodes?.map((n) => n.id),
      ["lin"],
    );
    // The runtime knows alice has no password yet: the gate lets nobody in.
    const before = byId.get("NRS-FLOW-007");
    assert.equal(before?.severity, "high", JSON.stringify(before));
    assert.match(before.details?.[0] ?? "", /no enabled user with a password/);
    await setPasswords(red, "users1", { u1: "correct horse battery staple" });
    await deploy(red, GATED, ["users1"]);
    ({ byId } = await posture(red));
    assert.equal(byId.get("NRS-FLOW-007")?.severity, "pass", JSON.stringify(byId.get("NRS-FLOW-007")));
  });

  it("reports a function node comparing the raw Authorization header, and a camera URL with a password", async () => {
    await deploy(red, RAW_HEADER);
    const { byId, text } = await posture(red);
    const found = byId.get("NRS-FLOW-003");
    assert.equal(found?.severity, "high", JSON.stringify(found));
    assert.deepEqual(
      found.nodes?.map((n) => n.id),
      ["check", "cam"],
    );
    assert.deepEqual(found.details, [
      `function 'check header' (check): compares the request's "authorization" header with a fixed password or key (a home-made login: no hashing, no lockout)`,
      `http request 'snapshot' (cam): holds a user name and password in the URL of its "url" field (plain text in flows.json)`,
    ]);
    assert.ok(!text.includes(HEADER_PASSWORD), "the header password must not appear in the report");
    assert.ok(!text.includes(CAMERA_PASSWORD), "the camera password must not appear in the report");
  });
});
