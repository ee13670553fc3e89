// createUsersContext: the one wiring of a users configuration, for a node's list and a settings.js list.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { makeApiKey } from "../../../src/auth/api-keys";
import { createUsersContext, UsersWiring, type UsersContextOptions } from "../../../src/auth/create-users-context";
import { SecondFactor } from "../../../src/auth/second-factor";
import { SessionStore } from "../../../src/auth/sessions";
import { makeTotpSecret, totpCode } from "../../../src/auth/totp";
import { readUserList } from "../../../src/auth/user-list";
import type { UsersContext } from "../../../src/auth/users-context";
import { UsersConfigError } from "../../../src/auth/users";
import { CredentialVerifier } from "../../../src/auth/verify-credentials";
import { CHANGEME_4 } from "../../support/hashes";

const options = (extra: Partial<UsersContextOptions> = {}): UsersContextOptions => ({
  sessionSecret: randomBytes(32),
  sessionIdleMinutes: 1,
  sessionMaxHours: 1,
  log: () => undefined,
  ...extra,
});

/** A user of a node's list: an id, no hash (the node adds it from its credentials). */
const nodeUsers = (): ReturnType<typeof readUserList> =>
  readUserList([{ id: "u1", username: "ann", roles: ["admin"], enabled: true }]).map((u) => ({
    ...u,
    hash: CHANGEME_4,
  }));

/** The same user written in settings.js. */
const settingsUsers = (): ReturnType<typeof readUserList> =>
  readUserList([{ username: "ann", password: CHANGEME_4, roles: ["admin"] }], {
    where: "users listed in settings.js",
    refuse: (message) => new Error(message),
  });

async function logsIn(ctx: UsersContext): Promise<boolean> {
  const decision = await ctx.verifier.verify(ctx.users, "ann", "changeme", "127.0.0.1");
  return decision.allow;
}

describe("createUsersContext", () => {
  const closing: UsersWiring[] = [];
  after(async () => {
    await Promise.all(closing.map((w) => w.close()));
  });

  it("gives a node's list and a settings.js list a context with the same parts, which work", async () => {
    const key = makeApiKey("ann", "phone", [], Date.now());
    const wiring = new UsersWiring();
    closing.push(wiring);
    const fromNode = createUsersContext(
      { id: "node-1", users: nodeUsers(), apiKeys: [key.record], totp: {}, rehashed: {} },
      options({ wiring }),
    );
    const fromSettings = createUsersContext(
      { id: "list:abc", users: settingsUsers(), apiKeys: [key.record] },
      options(),
    );
    for (const ctx of [fromNode, fromSettings]) {
      assert.ok(ctx.verifier instanceof CredentialVerifier);
      assert.ok(ctx.sessions instanceof SessionStore);
      const ann = ctx.users.find("ann");
      assert.deepEqual([ann?.roles, ann?.enabled, ann?.hash === CHANGEME_4], [["admin"], true, true]);
      assert.equal(await logsIn(ctx), true);
      const cookie = await ctx.sessions.create("ann", CHANGEME_4);
      assert.equal((await ctx.sessions.resolve(cookie, ctx.users))?.user.username, "ann");
      assert.equal(ctx.apiKeys?.check(key.key, ctx.users).ok, true);
    }
    assert.equal(fromNode.id, "node-1");
    assert.equal(fromSettings.id, "list:abc");
  });

  it("gives a node source with second factors the login's code step, and a settings.js list none", async () => {
    const secret = makeTotpSecret();
    const wiring = new UsersWiring();
    closing.push(wiring);
    const ctx = createUsersContext(
      { id: "node-2", users: nodeUsers(), apiKeys: [], totp: { u1: { secret, recovery: [] } }, rehashed: {} },
      options({ wiring }),
    );
    assert.ok(ctx.secondFactor instanceof SecondFactor);
    assert.equal(ctx.users.find("ann")?.totp?.secret, secret);
    const token = await ctx.secondFactor.begin("ann", "/next");
    const step = await ctx.secondFactor.check(token, ctx.users, totpCode(secret, Math.floor(Date.now() / 1000)));
    assert.equal(step.ok, true);
    const plain = createUsersContext({ id: "list:def", users: settingsUsers() }, options());
    assert.equal(plain.secondFactor, undefined);
    assert.equal(plain.apiKeys, undefined);
  });

  it("keeps a node's sessions and store across a redeploy with the same settings", async () => {
    const wiring = new UsersWiring();
    closing.push(wiring);
    const secret = randomBytes(32);
    const source = { id: "node-3", users: nodeUsers(), apiKeys: [], totp: {}, rehashed: {} };
    const first = createUsersContext(source, options({ wiring, sessionSecret: secret }));
    const cookie = await first.sessions.create("ann", CHANGEME_4);
    const second = createUsersContext(source, options({ wiring, sessionSecret: secret }));
    assert.equal(second.sessions, first.sessions);
    assert.equal(second.verifier, first.verifier);
    assert.equal((await second.sessions.resolve(cookie, second.users))?.user.username, "ann");
    // New limits: new sessions object, same store, so the login still holds.
    const third = createUsersContext(source, options({ wiring, sessionSecret: secret, sessionIdleMinutes: 2 }));
    assert.notEqual(third.sessions, first.sessions);
    assert.equal(third.sessions.store, first.sessions.store);
    assert.equal((await third.sessions.resolve(cookie, third.users))?.user.username, "ann");
  });

  it("refuses a list that cannot work, with the users' own error", () => {
    const twice = [...settingsUsers(), ...settingsUsers()];
    assert.throws(() => createUsersContext({ id: "list:twice", users: twice }, options()), UsersConfigError);
    assert.throws(
      () => createUsersContext({ id: "list:store", users: settingsUsers() }, options({ store: "disk" as never })),
      /The store setting must be "memory"/,
    );
    assert.throws(
      () =>
        createUsersContext(
          { id: "list:store2", users: settingsUsers() },
          options({ store: "disk" as never, storeError: (err) => new Error(`store: ${(err as Error).message}`) }),
        ),
      /^Error: store: The store setting/,
    );
  });
});
