// The words under the auth gate (its node status) in Node-RED's own language: a Node-RED started with
// `lang: "de"` shows "2 Benutzer · Anmeldeseite + Basic" and a German refusal in the editor, as core nodes do.
// Read through the editor's own comms websocket, the way the editor receives them. A gate's or a users
// list's configuration problem is worded in German too; the log keeps English.
import assert from "node:assert/strict";
import WebSocket from "ws";
import { deploy, setPasswords } from "../support/deploy";
import { startNodeRed, type RunningNodeRed } from "../support/node-red";

const PASSWORD = "Garden-Gate-4711-open";

const FLOWS = [
  { id: "t1", type: "tab", label: "Doors" },
  {
    id: "users1",
    type: "auth-users",
    name: "family",
    accounts: [
      { id: "u-ann", username: "ann", roles: [], enabled: true },
      { id: "u-ben", username: "ben", roles: [], enabled: true },
    ],
    cost: 10,
    rev: 0,
  },
  { id: "in1", type: "http in", z: "t1", url: "/data", method: "get", wires: [["gate1"]] },
  { id: "gate1", type: "auth-gate", z: "t1", usersConfig: "users1", method: "both", scope: "/", wires: [["out1"]] },
  { id: "out1", type: "http response", z: "t1", wires: [] },
];

/** Collects the status texts Node-RED publishes for one node over /comms. */
function watchStatus(
  red: RunningNodeRed,
  id: string,
): { texts: string[]; until(re: RegExp): Promise<string>; close(): void } {
  const ws = new WebSocket(`${red.url.replace("http", "ws")}/comms`, { handshakeTimeout: 5000 });
  const texts: string[] = [];
  const waiters: { re: RegExp; resolve: (t: string) => void }[] = [];
  ws.on("open", () => ws.send(JSON.stringify({ subscribe: "status/#" })));
  ws.on("message", (data: Buffer) => {
    const parsed = JSON.parse(data.toString()) as unknown;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      const msg = m as { topic?: string; data?: { text?: unknown } };
      if (msg.topic !== `status/${id}` || typeof msg.data?.text !== "string") continue;
      texts.push(msg.data.text);
      for (const w of waiters.filter((x) => x.re.test(msg.data?.text as string))) w.resolve(msg.data.text);
    }
  });
  return {
    texts,
    until: (re) =>
      new Promise((resolve, reject) => {
        const seen = texts.find((t) => re.test(t));
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(
          () => reject(new Error(`no status ${String(re)}; saw ${JSON.stringify(texts)}`)),
          15_000,
        );
        waiters.push({
          re,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        });
      }),
    close: () => ws.terminate(),
  };
}

describe("the auth gate's status in Node-RED's language (Node-RED 5, lang: de)", function () {
  this.timeout(120_000);
  let red: RunningNodeRed | undefined;

  before(async () => {
    red = await startNodeRed({ runtime: "5", flows: FLOWS, settings: 'lang: "de",' });
    await setPasswords(red, "users1", { "u-ann": PASSWORD, "u-ben": PASSWORD });
    await deploy(red, FLOWS, ["users1"]);
  });
  after(async () => {
    await red?.stop();
  });

  it("shows the user count, the login method and a refusal in German", async () => {
    assert.ok(red);
    const status = watchStatus(red, "gate1");
    try {
      assert.equal(await status.until(/Benutzer/), "2 Benutzer · Anmeldeseite + Basic");
      const res = await fetch(`${red.url}/data`, {
        headers: { Authorization: `Basic ${Buffer.from("ann:wrong-password").toString("base64")}` },
      });
      assert.equal(res.status, 401);
      assert.match(await status.until(/^abgewiesen: /), /^abgewiesen: falscher Benutzername oder falsches Passwort · /);
      assert.ok(!status.texts.some((t) => /users|denied|auth-gate\./.test(t)), JSON.stringify(status.texts));
    } finally {
      status.close();
    }
  });

  it("says what is wrong with a gate's or a users list's configuration in German", async () => {
    assert.ok(red);
    const broken = [
      { id: "users2", type: "auth-users", name: "empty", accounts: [{ id: "u-cy", username: "cy", enabled: true }] },
      {
        id: "users3",
        type: "auth-users",
        name: "twins",
        accounts: [
          { id: "u-a", username: "twin", enabled: true },
          { id: "u-b", username: "twin", enabled: true },
        ],
      },
      { id: "in2", type: "http in", z: "t1", url: "/none", method: "get", wires: [["gate2"]] },
      { id: "gate2", type: "auth-gate", z: "t1", usersConfig: "", method: "both", scope: "/none", wires: [[]] },
      { id: "in3", type: "http in", z: "t1", url: "/nobody", method: "get", wires: [["gate3"]] },
      { id: "gate3", type: "auth-gate", z: "t1", usersConfig: "users2", method: "both", scope: "/nobody", wires: [[]] },
      { id: "in4", type: "http in", z: "t1", url: "/path", method: "get", wires: [["gate4"]] },
      {
        id: "gate4",
        type: "auth-gate",
        z: "t1",
        usersConfig: "users1",
        method: "both",
        scope: "kein-pfad",
        wires: [[]],
      },
      { id: "in5", type: "http in", z: "t1", url: "/twins", method: "get", wires: [["gate5"]] },
      { id: "gate5", type: "auth-gate", z: "t1", usersConfig: "users3", method: "both", scope: "/twins", wires: [[]] },
    ];
    await deploy(red, [...FLOWS, ...broken]);
    const expected: Record<string, string> = {
      gate2: "keine Benutzerliste gewählt",
      gate3: "noch kann sich kein Benutzer anmelden",
      gate4: "Der geschützte Pfad muss ein Pfad sein, der mit „/“ beginnt (erhalten: „kein-pfad“)",
      gate5: "Der Benutzername „twin“ kommt zweimal vor",
    };
    for (const [id, text] of Object.entries(expected)) {
      const status = watchStatus(red, id);
      try {
        assert.equal(await status.until(/./), text, id);
      } finally {
        status.close();
      }
    }
    // The log keeps the English line.
    assert.match(red.log(), /auth gate: The protected path must be a path starting with "\/" \(got "kein-pfad"\)/);
  });
});
