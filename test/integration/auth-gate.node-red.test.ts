// A real Node-RED with adminAuth: passwords set through the admin API the way the edit dialog does it
// survive a deploy and a restart, and no password, hash or secret shows up in flows, files or logs.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { deploy } from "../support/deploy";
import { adminToken, makeUserDir, startNodeRed, type RunningNodeRed } from "../support/node-red";
import { STRONG_10, STRONG_PASSWORD } from "../support/hashes";

const PASSWORD = "Garden-Gate-4711-open";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

const FLOWS = [
  { id: "t1", type: "tab", label: "Protected" },
  {
    id: "users1",
    type: "auth-users",
    name: "family",
    accounts: [{ id: "u-ann", username: "ann", roles: ["family"], enabled: true }],
    cost: 10,
    rev: 0,
  },
  { id: "in1", type: "http in", z: "t1", url: "/heating", method: "get", wires: [["gate1"]] },
  {
    id: "gate1",
    type: "auth-gate",
    z: "t1",
    usersConfig: "users1",
    method: "both",
    scope: "/",
    outputs: 1,
    wires: [["ch1"]],
  },
  {
    id: "ch1",
    type: "change",
    z: "t1",
    rules: [{ t: "set", p: "payload", pt: "msg", to: "user", tot: "msg" }],
    wires: [["out1"]],
  },
  { id: "out1", type: "http response", z: "t1", wires: [] },
];

const SETTINGS = `adminAuth: {
  type: "credentials",
  users: [
    { username: "admin", password: "${STRONG_10}", permissions: "*" },
    { username: "viewer", password: "${STRONG_10}", permissions: "read" }
  ]
},`;

describe("auth gate and users in a real Node-RED", function () {
  this.timeout(120_000);
  const userDir = makeUserDir();
  let red: RunningNodeRed;
  let admin: string;

  const api = (path: string, init: RequestInit = {}, token = admin): Promise<Response> =>
    fetch(`${red.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  before(async () => {
    red = await startNodeRed({ userDir, flows: FLOWS, settings: SETTINGS });
    admin = await adminToken(red.url, "admin", STRONG_PASSWORD);
  });
  after(async () => {
    await red.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it("lets only full-access users set passwords", async () => {
    const viewer = await adminToken(red.url, "viewer", STRONG_PASSWORD);
    assert.equal((await api("/auth-users/users1/passwords", {}, viewer)).status, 200, "reading the summary is allowed");
    const refused = await api(
      "/auth-users/users1/passwords",
      { method: "POST", body: JSON.stringify({ set: { "u-ann": PASSWORD } }) },
      viewer,
    );
    assert.equal(refused.status, 401);
    const anonymous = await fetch(`${red.url}/auth-users/users1/passwords`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ set: { "u-ann": PASSWORD } }),
    });
    assert.equal(anonymous.status, 401);
  });

  it("refuses everyone until a password is set and deployed", async () => {
    const res = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", PASSWORD) } });
    assert.equal(res.status, 503);
  });

  it("applies a password set through the admin API at the next deploy", async () => {
    const set = await api("/auth-users/users1/passwords", {
      method: "POST",
      body: JSON.stringify({ set: { "u-ann": PASSWORD }, cost: 10 }),
    });
    assert.equal(set.status, 200);
    assert.ok(!(await set.text()).includes("$2"));
    // The edit dialog bumps "rev" so the node restarts with its new credentials.
    const current = (await (await api("/flows", { headers: { "Node-RED-API-Version": "v2" } })).json()) as {
      flows: { id: string; rev?: number }[];
      rev: string;
    };
    const flows = current.flows.map((n) => (n.id === "users1" ? { ...n, rev: (n.rev ?? 0) + 1 } : n));
    const deploy = await api("/flows", {
      method: "POST",
      headers: { "Node-RED-API-Version": "v2", "Node-RED-Deployment-Type": "full" },
      body: JSON.stringify({ flows, rev: current.rev }),
    });
    assert.equal(deploy.status, 200, await deploy.text());
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", PASSWORD) } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { username: "ann", roles: ["family"] });
  });

  it("keeps every secret out of /flows, the credentials endpoint, the files and the log", async () => {
    const flows = await (await api("/flows")).text();
    const creds = await (await api("/credentials/auth-users/users1")).json();
    assert.deepEqual(creds, {
      has_hashes: true,
      has_sessionSecret: true,
      has_apiKeys: false,
      has_totp: false,
      has_rehashed: false,
      has_redisUrl: false,
    });
    const files =
      readFileSync(join(userDir, "flows.json"), "utf8") + readFileSync(join(userDir, "flows_cred.json"), "utf8");
    for (const text of [flows, JSON.stringify(creds), files, red.log()]) {
      assert.ok(!text.includes(PASSWORD), "the password leaked");
      assert.ok(!text.includes("$2b$10$"), "a hash leaked");
    }
    assert.match(readFileSync(join(userDir, "flows_cred.json"), "utf8"), /^\{"\$":"/, "credentials are encrypted");
  });

  it("still knows the password after a restart", async () => {
    await red.stop();
    red = await startNodeRed({ userDir, settings: SETTINGS });
    const res = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", PASSWORD) } });
    assert.equal(res.status, 200);
    const wrong = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", "nope") } });
    assert.equal(wrong.status, 401);
  });

  it("applies a password still being hashed when Deploy came, and asks the editor to deploy once more", async () => {
    const NEW = "Orchard-Door-9123-shut";
    const editor = await editorMessages(red, admin, "node-red-contrib-security/auth-users/unsaved");
    try {
      // Done sends the password; the editor's Deploy follows before bcrypt (cost 15, seconds) is done.
      const setting = api("/auth-users/users1/passwords", {
        method: "POST",
        body: JSON.stringify({ set: { "u-ann": NEW }, cost: 15 }),
      });
      let hashed = false;
      void setting.then(() => (hashed = true));
      await new Promise((r) => setTimeout(r, 150));
      await deploy(red, await currentFlows(), ["users1"], admin);
      assert.equal(hashed, false, "the deploy must come while the password is being hashed");
      assert.equal((await setting).status, 200);

      // No further deploy: the new password opens the door, the old one no longer does.
      assert.deepEqual(await editor.next(), { id: "users1" });
      const res = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", NEW) } });
      assert.equal(res.status, 200);
      const old = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", PASSWORD) } });
      assert.equal(old.status, 401);
      assert.match(red.log(), /a password set just before the deploy applies now; deploy once more to save it/);
    } finally {
      editor.close();
    }

    // The deploy the editor asks for saves it: it survives a restart.
    await deploy(red, await currentFlows(), ["users1"], admin);
    await red.stop();
    red = await startNodeRed({ userDir, settings: SETTINGS });
    const res = await fetch(`${red.url}/heating`, { headers: { Authorization: basic("ann", NEW) } });
    assert.equal(res.status, 200);
  });

  /** The deployed flows, as the editor holds them. */
  async function currentFlows(): Promise<unknown[]> {
    const current = (await (await api("/flows", { headers: { "Node-RED-API-Version": "v2" } })).json()) as {
      flows: unknown[];
    };
    return current.flows;
  }
});

/** The messages an editor logged in as `token` receives on `topic` over /comms. */
async function editorMessages(
  red: RunningNodeRed,
  token: string,
  topic: string,
): Promise<{ next(): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(`${red.url.replace("http", "ws")}/comms`, { handshakeTimeout: 5000 });
  const seen: unknown[] = [];
  let wake: (() => void) | undefined;
  let subscribed: (() => void) | undefined;
  ws.on("message", (data: Buffer) => {
    const parsed = JSON.parse(data.toString()) as unknown;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      const msg = m as { topic?: string; data?: unknown; auth?: unknown };
      if (msg.auth === "ok") {
        ws.send(JSON.stringify({ subscribe: topic }));
        subscribed?.();
      }
      if (msg.topic === topic) seen.push(msg.data);
    }
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the editor's /comms did not accept the token")), 5000);
    subscribed = () => {
      clearTimeout(timer);
      resolve();
    };
    ws.once("error", reject);
    ws.once("open", () => ws.send(JSON.stringify({ auth: token })));
  });
  return {
    async next() {
      const deadline = Date.now() + 10_000;
      while (seen.length === 0) {
        if (Date.now() > deadline) throw new Error(`nothing on ${topic}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
      return seen.shift();
    },
    close: () => ws.terminate(),
  };
}
