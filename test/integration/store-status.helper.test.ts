// What a person sees in the editor when the users list keeps its sessions in Redis: the gate's status
// turns red with "store unavailable" when Redis stops or hangs, and green again when it is back; a Redis
// store without a URL is a configuration problem the status names. Real redis-server, real nodes.
import assert from "node:assert/strict";
import request from "supertest";
import { CREDENTIALS, PASSWORD, basic, helper, loadGate, statuses } from "../support/gate-helper";
import { type RedisServer, startRedis } from "../support/redis";

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Deploys no flows, then unloads: a removed users list closes its Redis connection, where a stopped one
 * keeps it (sessions outlive a redeploy) and its reconnecting would keep mocha from exiting.
 */
async function removeFlows(): Promise<void> {
  // setFlows is in the helper, not in its type declarations.
  const deployer = helper as unknown as { setFlows(flows: unknown[], type: string): Promise<void> };
  await deployer.setFlows([], "full").catch(() => undefined);
  await helper.unload();
}

describe("auth gate status with a Redis store (test helper)", function () {
  this.timeout(60_000);
  let redis: RedisServer;

  before(async () => {
    redis = await startRedis();
    await new Promise<void>((resolve) => {
      helper.startServer(() => resolve());
    });
  });
  after(async () => {
    await removeFlows();
    await new Promise<void>((resolve) => {
      helper.stopServer(() => resolve());
    });
    await redis.stop();
  });

  it("turns red with 'store unavailable' while Redis is down, and green when it is back", async () => {
    const { app } = await loadGate({
      users: { store: "redis", storePrefix: "nrs-status:" },
      credentials: { ...CREDENTIALS, redisUrl: redis.url },
    });
    const last = (): { fill?: string; text?: string } | undefined => statuses("gate").at(-1);
    await until("the gate is ready", async () => {
      return (await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD))).status === 200;
    });

    await redis.stop();
    await until("the status says so", () => last()?.text === "store unavailable");
    assert.equal(last()?.fill, "red");
    const refused = await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(503);
    assert.equal((refused.body as { reason: string }).reason, "store-unavailable");

    await redis.restart();
    await until("the status is green again", () => last()?.fill === "green");
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(200);
    await removeFlows();
  });

  it("refuses even a device whose Basic login was verified before while Redis is paused, then lets it in", async () => {
    const { app } = await loadGate({
      users: { store: "redis", storePrefix: "nrs-paused:" },
      credentials: { ...CREDENTIALS, redisUrl: redis.url },
    });
    const last = (): { fill?: string; text?: string } | undefined => statuses("gate").at(-1);
    const device = (): request.Test => request(app).get("/secret").set("Authorization", basic("alice", PASSWORD));
    await until("the gate is ready", async () => (await device()).status === 200);
    // Verified once: from now on the verification cache answers for this device without bcrypt or Redis.
    await device().expect(200);

    // Paused, not stopped: the connection stays open and nothing answers (a hung or swapped-out server).
    redis.freeze();
    try {
      await until("the status says so", () => last()?.text === "store unavailable");
      assert.equal(last()?.fill, "red");
      const refused = await device().set("Accept", "application/json").expect(503);
      assert.deepEqual(refused.body, { error: "store unavailable", reason: "store-unavailable" });
    } finally {
      redis.thaw();
    }
    await until("the status is green again", () => last()?.fill === "green");
    await device().expect(200);
    await removeFlows();
  });

  it("names a Redis store without a URL in the status, and refuses everyone", async () => {
    const { app } = await loadGate({ users: { store: "redis" }, credentials: CREDENTIALS });
    const last = statuses("gate").at(-1);
    assert.equal(last?.fill, "red");
    assert.match(last.text ?? "", /no Redis URL is set/);
    await request(app).get("/secret").set("Authorization", basic("alice", PASSWORD)).expect(503);
    await helper.unload();
  });
});
