import assert from "node:assert/strict";
import { KeyConnections } from "../../../src/auth/key-connections";
import { MemoryStore } from "../../../src/auth/memory-store";

describe("connections of API keys (src/auth/key-connections)", () => {
  it("closes a revoked key's connections, tells the deploy's keys, and leaves other keys' open", () => {
    const store = new MemoryStore();
    const keys = new KeyConnections(store, "users-1");
    const closed: string[] = [];
    const revoked: string[] = [];
    keys.revoker = (id) => revoked.push(id);
    keys.attach("aaaa", () => closed.push("a1"));
    keys.attach("aaaa", () => closed.push("a2"));
    const forget = keys.attach("bbbb", () => closed.push("b1"));
    keys.end("aaaa");
    assert.deepEqual(closed, ["a1", "a2"]);
    assert.deepEqual(revoked, ["aaaa"]);
    // A forgotten connection (it closed by itself) is not closed again.
    forget();
    keys.end("bbbb");
    assert.deepEqual(closed, ["a1", "a2"]);
    assert.deepEqual(revoked, ["aaaa", "bbbb"]);
    keys.dispose();
  });

  it("hears keys ended by another instance of the store, but not another list's", () => {
    const store = new MemoryStore();
    const here = new KeyConnections(store, "users-1");
    const otherList = new KeyConnections(store, "users-2");
    const closed: string[] = [];
    here.attach("aaaa", () => closed.push("here"));
    otherList.attach("aaaa", () => closed.push("other list"));
    // What another instance's KeyConnections publishes through a shared store.
    store.publishEnded("users-1", ["key:aaaa"]);
    assert.deepEqual(closed, ["here"]);
    // A session id that happens to be ended is no key.
    store.publishEnded("users-2", ["aaaa"]);
    assert.deepEqual(closed, ["here"]);
    here.dispose();
    otherList.dispose();
  });

  it("closes, at a deploy, the connections of keys the deploy no longer has", () => {
    const keys = new KeyConnections(new MemoryStore(), "users-1");
    const closed: string[] = [];
    keys.attach("aaaa", () => closed.push("a"));
    keys.attach("bbbb", () => closed.push("b"));
    keys.keepOnly(new Set(["bbbb"]));
    assert.deepEqual(closed, ["a"]);
    keys.dispose();
  });
});
