// The admin endpoints' shared helper, on a real Express app: node ids checked first, bodies read safely,
// errors as { error, code } and never cached, never a stack.
import assert from "node:assert/strict";
import express from "express";
import request from "supertest";
import {
  NODE_ID,
  idParams,
  jsonBody,
  nodeIdOf,
  sendBusy,
  sendFailure,
  sendNoStoreJson,
} from "../../../src/admin-api/routes";
import { QueueFullError } from "../../../src/auth/work-queue";

function app(): { app: express.Express; logged: string[] } {
  const logged: string[] = [];
  const log = {
    info: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    error: (m: unknown) => logged.push(String(m)),
  };
  const a = express();
  a.use(express.json());
  a.post("/auth-users/:id/things", (req, res) => {
    const id = nodeIdOf(req, res);
    if (id !== undefined) sendNoStoreJson(res, { id, body: jsonBody(req) });
  });
  a.delete("/auth-users/:id/keys/:keyId", (req, res) => {
    const ids = idParams(req, res, { id: NODE_ID, keyId: /^[a-f0-9]{16}$/ });
    if (ids) sendNoStoreJson(res, ids);
  });
  a.get("/busy", (_req, res) => {
    if (!sendBusy(res, new QueueFullError(2.5))) res.end();
  });
  a.get("/not-busy", (_req, res) => {
    if (!sendBusy(res, new Error("other"))) sendNoStoreJson(res, { busy: false });
  });
  a.get("/broken", (_req, res) => {
    sendFailure(
      res,
      log,
      "[auth-users] doing it failed",
      new Error("secret detail"),
      "ERR_NRS_X",
      "It failed; see the log",
    );
  });
  return { app: a, logged };
}

describe("admin-api routes helper", () => {
  it("answers a bad node id with 400 ERR_NRS_NODE_ID as JSON, never cached, no stack", async () => {
    for (const id of ["a%20b", "x".repeat(65), "%3Cscript%3E", "a%2Fb"]) {
      const res = await request(app().app).post(`/auth-users/${id}/things`).send({ a: 1 });
      assert.equal(res.status, 400, id);
      assert.match(res.headers["content-type"] ?? "", /application\/json/);
      assert.equal(res.headers["cache-control"], "no-store");
      assert.deepEqual(res.body, { error: "Invalid node id", code: "ERR_NRS_NODE_ID" });
      assert.doesNotMatch(res.text, /at |stack/i);
    }
  });

  it("lets a good id through, with the JSON object body or an empty one", async () => {
    const ok = await request(app().app).post("/auth-users/1a2b.c_d-e/things").send({ a: 1 });
    assert.deepEqual(ok.body, { id: "1a2b.c_d-e", body: { a: 1 } });
    const list = await request(app().app).post("/auth-users/n1/things").send([1, 2]);
    assert.deepEqual(list.body, { id: "n1", body: {} });
    const none = await request(app().app).post("/auth-users/n1/things");
    assert.deepEqual(none.body, { id: "n1", body: {} });
  });

  it("checks every named parameter: any bad one is 400 ERR_NRS_NODE_ID", async () => {
    const bad = await request(app().app).delete("/auth-users/n1/keys/zz");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: "Invalid id", code: "ERR_NRS_NODE_ID" });
    const good = await request(app().app).delete("/auth-users/n1/keys/0123456789abcdef");
    assert.deepEqual(good.body, { id: "n1", keyId: "0123456789abcdef" });
  });

  it("answers a full queue with 429 and Retry-After, and leaves other errors alone", async () => {
    const busy = await request(app().app).get("/busy");
    assert.equal(busy.status, 429);
    assert.equal(busy.headers["retry-after"], "3");
    assert.equal(busy.body.code, "ERR_NRS_QUEUE_FULL");
    const other = await request(app().app).get("/not-busy");
    assert.deepEqual(other.body, { busy: false });
  });

  it("logs an unexpected failure and answers 500 without its details", async () => {
    const { app: a, logged } = app();
    const res = await request(a).get("/broken");
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, { error: "It failed; see the log", code: "ERR_NRS_X" });
    assert.deepEqual(logged, ["[auth-users] doing it failed: secret detail"]);
  });
});
