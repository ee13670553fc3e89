import assert from "node:assert/strict";
import { BoundedMap } from "../../../src/auth/bounded-map";

describe("BoundedMap", () => {
  it("forgets the least recently used entry when full", () => {
    const map = new BoundedMap<string, number>(3);
    map.set("a", 1, 1000);
    map.set("b", 2, 1000);
    map.set("c", 3, 1000);
    assert.equal(map.get("a"), 1); // a is now the most recent
    map.set("d", 4, 1000);
    assert.equal(map.get("b"), undefined);
    assert.deepEqual(
      ["a", "c", "d"].map((k) => map.get(k)),
      [1, 3, 4],
    );
    assert.equal(map.size, 3);
  });

  it("renews a present entry's time to live without adding an absent one", () => {
    let now = 0;
    const map = new BoundedMap<string, number>(2, () => now);
    map.set("a", 1, 10);
    now = 8;
    map.renew("a", 10);
    map.renew("b", 10);
    now = 15;
    assert.equal(map.get("a"), 1);
    assert.equal(map.size, 1);
    now = 18;
    assert.equal(map.get("a"), undefined);
  });

  it("expires entries after their time to live, and evicts expired ones first", () => {
    let now = 0;
    const map = new BoundedMap<string, number>(2, () => now);
    map.set("short", 1, 10);
    map.set("long", 2, 1000);
    now = 20;
    assert.equal(map.get("short"), undefined);
    map.set("short", 1, 10);
    now = 40;
    map.set("new", 3, 1000);
    assert.equal(map.get("long"), 2, "the expired entry should have been evicted, not the live one");
  });

  it("stays within its bound under a flood of keys", () => {
    const map = new BoundedMap<string, number>(1000);
    for (let i = 0; i < 100_000; i++) map.set(`k${String(i)}`, i, 60_000);
    assert.equal(map.size, 1000);
    assert.equal(map.get("k99999"), 99_999);
  });

  it("deletes by predicate", () => {
    const map = new BoundedMap<string, string>(10);
    map.set("1", "alice", 1000);
    map.set("2", "bob", 1000);
    map.set("3", "alice", 1000);
    assert.equal(
      map.deleteWhere((v) => v === "alice"),
      2,
    );
    assert.equal(map.size, 1);
  });
});
