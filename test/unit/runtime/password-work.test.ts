import assert from "node:assert/strict";
import { passwordWorkUnderWay, trackPasswordWork } from "../../../src/runtime/password-work";

/** A promise and the means to settle it. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(err: Error): void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("password work under way (src/runtime/password-work)", () => {
  it("has nothing for a node without work", () => {
    assert.equal(passwordWorkUnderWay("none-here"), undefined);
  });

  it("settles only when all work of the node under way then has settled, failed work included", async () => {
    const first = deferred();
    const second = deferred();
    trackPasswordWork("n1", first.promise);
    trackPasswordWork("n1", second.promise);
    const waited = passwordWorkUnderWay("n1");
    assert.ok(waited);
    let done = false;
    void waited.then(() => (done = true));
    first.resolve();
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, "the second is still under way");
    second.reject(new Error("bcrypt failed"));
    await waited;
    assert.equal(passwordWorkUnderWay("n1"), undefined, "nothing is left once all settled");
  });

  it("keeps nodes apart", async () => {
    const work = deferred();
    trackPasswordWork("a", work.promise);
    assert.equal(passwordWorkUnderWay("b"), undefined);
    assert.ok(passwordWorkUnderWay("a"));
    work.resolve();
    await work.promise;
    await new Promise((r) => setImmediate(r));
    assert.equal(passwordWorkUnderWay("a"), undefined);
  });
});
