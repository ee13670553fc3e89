// Loads http-in → auth gate → responder flows into node-red-node-test-helper and gives back
// the httpNode app (for supertest) and every message that reached the responder.
import assert from "node:assert/strict";
import type { Express } from "express";
import helper from "node-red-node-test-helper";
import bcrypt from "bcryptjs";
import authGate from "../../src/nodes/auth-gate";
import authUsers from "../../src/nodes/auth-users";
import type { RedApi } from "../../src/red-api";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const httpIn = require("@node-red/nodes/core/network/21-httpin.js") as (RED: unknown) => void;

helper.init(require.resolve("node-red"));

export const PASSWORD = "violet-Tractor-93-umbrella";
/** bcrypt cost 4: these tests check behaviour, not cost; the audit and CLI tests use real costs. */
export const HASH = bcrypt.hashSync(PASSWORD, 4);
export const SESSION_SECRET = "a-test-session-secret-that-is-long-enough-123";

export const USERS = [
  { id: "u-alice", username: "alice", roles: ["admin"], enabled: true },
  { id: "u-bob", username: "bob", roles: ["family"], enabled: true },
  { id: "u-carol", username: "carol", roles: [], enabled: false },
  { id: "u-dave", username: "dave", roles: [], enabled: true },
];

/** The users node's credentials: dave has no password yet. */
export const CREDENTIALS = {
  hashes: JSON.stringify({ "u-alice": HASH, "u-bob": HASH, "u-carol": HASH }),
  sessionSecret: SESSION_SECRET,
};

export interface Received {
  readonly port: "allowed" | "denied";
  readonly msg: Record<string, unknown>;
}

export interface LoadedGate {
  readonly app: Express;
  readonly received: Received[];
}

let loads = 0;

export interface GateFlowOptions {
  /** Id of the auth-users node; a fresh one per load unless given (lockouts and sessions are kept per id). */
  readonly usersId?: string;
  readonly gate?: Record<string, unknown>;
  readonly users?: Record<string, unknown> | null;
  readonly credentials?: Record<string, unknown>;
  /** Extra http-in endpoints answered directly, with no gate wired in front. */
  readonly unwired?: string[];
  /** An http-in endpoint that reaches the gate through another node (which the gate cannot see at deploy). */
  readonly relayed?: string;
}

/** http in GET /secret → auth gate → responder (and, with deniedOutput, a second responder). */
export async function loadGate(options: GateFlowOptions = {}): Promise<LoadedGate> {
  let app: Express | undefined;
  const capture = (RED: RedApi): void => {
    app = RED.httpNode;
  };
  loads += 1;
  const usersId = options.usersId ?? `users-${String(loads)}`;
  const gate: Record<string, unknown> = {
    id: "gate",
    type: "auth-gate",
    z: "f",
    usersConfig: usersId,
    method: "both",
    scope: "/",
    ...options.gate,
  };
  const denied = gate.deniedOutput === true;
  const flow: Record<string, unknown>[] = [
    { id: "f", type: "tab" },
    { id: "in", type: "http in", z: "f", url: "/secret", method: "get", wires: [["gate"]] },
    { ...gate, outputs: denied ? 2 : 1, wires: denied ? [["ok"], ["no"]] : [["ok"]] },
    { id: "ok", type: "helper", z: "f" },
    { id: "no", type: "helper", z: "f" },
  ];
  if (options.users !== null) {
    flow.push({ id: usersId, type: "auth-users", accounts: USERS, cost: 10, ...options.users });
  }
  (options.unwired ?? []).forEach((url, i) => {
    flow.push({ id: `open${String(i)}`, type: "http in", z: "f", url, method: "get", wires: [["ok"]] });
  });
  if (options.relayed !== undefined) {
    flow.push({ id: "relayIn", type: "http in", z: "f", url: options.relayed, method: "get", wires: [["relay"]] });
    flow.push({ id: "relay", type: "helper", z: "f", wires: [["gate"]] });
  }
  const credentials = { [usersId]: options.credentials ?? CREDENTIALS };
  await helper.load([httpIn, authUsers as never, authGate as never, capture as never], flow, credentials);
  if (options.relayed !== undefined) {
    const relay = helper.getNode("relay") as {
      on(event: string, fn: (msg: Record<string, unknown>) => void): void;
      send(msg: Record<string, unknown>): void;
    };
    relay.on("input", (msg) => relay.send(msg));
  }
  const received: Received[] = [];
  for (const [id, port] of [
    ["ok", "allowed"],
    ["no", "denied"],
  ] as const) {
    const node = helper.getNode(id) as { on(event: string, fn: (msg: Record<string, unknown>) => void): void };
    node.on("input", (msg) => {
      received.push({ port, msg });
      const res = (msg.res as { _res: { status(n: number): { json(v: unknown): void } } })._res;
      const req = msg.req as { user?: unknown };
      res.status(port === "allowed" ? 200 : 299).json({ user: msg.user ?? req.user ?? null, auth: msg.auth ?? null });
    });
  }
  assert.ok(app, "the helper gave no httpNode app");
  return { app, received };
}

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

interface SpyCall {
  thisValue: unknown;
  args: unknown[];
}

/** Every status the node showed, oldest first. */
export function statuses(id: string): { fill?: string; shape?: string; text?: string }[] {
  const node = helper.getNode(id);
  const spy = (node as { status: { getCalls(): SpyCall[] } }).status;
  return spy
    .getCalls()
    .filter((c) => c.thisValue === node)
    .map((c) => c.args[0] as { fill?: string; text?: string });
}

/** Everything logged through Node-RED's log during the test, as text. */
export function loggedText(): string {
  const spy = helper.log() as { getCalls(): SpyCall[] };
  return spy
    .getCalls()
    .map((c) => JSON.stringify(c.args))
    .join("\n");
}

export { helper };
