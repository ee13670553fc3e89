// The auth-users node's credentials: the stored format (JSON text in "password" credentials) read into
// types, damaged parts left out, and saves that change only what they name.
import assert from "node:assert/strict";
import {
  type CredentialsApi,
  readUsersCredentials,
  saveCredentials,
  storedCredentials,
} from "../../../src/runtime/users-credentials";
import { CHANGEME_4 } from "../../support/hashes";

const RECOVERY = "a".repeat(64);
const TOTP = { u1: { secret: "JBSWY3DPEHPK3PXP", recovery: [RECOVERY], enrolledAt: 1_700_000_000_000 } };
const KEY = {
  id: "0123456789abcdef",
  username: "ann",
  name: "phone",
  roles: [],
  createdAt: 1_700_000_000_000,
  hash: "b".repeat(64),
};

/** Credentials as an earlier version of the node saved them. */
const saved = (): Record<string, unknown> => ({
  hashes: JSON.stringify({ u1: CHANGEME_4 }),
  rehashed: JSON.stringify({ u1: { from: "f1", to: "t1" } }),
  apiKeys: JSON.stringify([KEY]),
  totp: JSON.stringify(TOTP),
  sessionSecret: "s".repeat(43),
  redisUrl: "redis://127.0.0.1:6379",
});

function memoryNodes(initial: Record<string, unknown>): CredentialsApi & { saved: Record<string, unknown> } {
  const api = {
    saved: initial,
    getCredentials: () => api.saved,
    addCredentials: (_id: string, credentials: Record<string, unknown>) => {
      api.saved = credentials;
    },
  };
  return api;
}

describe("auth-users credentials", () => {
  it("reads the stored format into types", () => {
    const c = readUsersCredentials(saved());
    assert.deepEqual(c.hashes, { u1: CHANGEME_4 });
    assert.deepEqual(c.rehashed, { u1: { from: "f1", to: "t1" } });
    assert.equal(c.apiKeys.length, 1);
    assert.equal(c.apiKeys[0]?.name, "phone");
    assert.deepEqual({ ...c.totp }, TOTP);
    assert.equal(c.sessionSecret, "s".repeat(43));
    assert.equal(c.redisUrl, "redis://127.0.0.1:6379");
  });

  it("leaves out damaged JSON and entries, and finds nothing under prototype names", () => {
    const c = readUsersCredentials({
      hashes: "{not json",
      rehashed: JSON.stringify({ u1: { from: 1 }, u2: { from: "a", to: "b" } }),
      apiKeys: JSON.stringify({ not: "a list" }),
      totp: JSON.stringify({ u1: { secret: "lower", recovery: [], enrolledAt: 1 }, u2: TOTP.u1 }),
    });
    assert.deepEqual(c.hashes, {});
    assert.deepEqual(c.rehashed, { u2: { from: "a", to: "b" } });
    assert.deepEqual(c.apiKeys, []);
    assert.deepEqual(Object.keys(c.totp), ["u2"]);
    assert.equal(c.totp.constructor, undefined);
    const none = readUsersCredentials(undefined);
    assert.deepEqual({ ...none, totp: { ...none.totp } }, { hashes: {}, rehashed: {}, apiKeys: [], totp: {} });
  });

  it("saves in the stored format, changing only what it names", async () => {
    const nodes = memoryNodes(saved());
    const before = { ...nodes.saved };
    await saveCredentials(nodes, "n1", { hashes: { u1: CHANGEME_4, u2: CHANGEME_4 } });
    assert.equal(nodes.saved.hashes, JSON.stringify({ u1: CHANGEME_4, u2: CHANGEME_4 }));
    for (const key of ["rehashed", "apiKeys", "totp", "sessionSecret", "redisUrl"]) {
      assert.equal(nodes.saved[key], before[key], key);
    }
    await saveCredentials(nodes, "n1", { totp: storedCredentials(nodes, "n1").totp, sessionSecret: "x".repeat(40) });
    assert.equal(nodes.saved.totp, before.totp);
    assert.equal(nodes.saved.sessionSecret, "x".repeat(40));
  });
});
