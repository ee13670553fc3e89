import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { QueueFullError } from "../../../src/auth/work-queue";
import { STRONG_12, STRONG_PASSWORD } from "../../support/hashes";

describe("BcryptPool", function () {
  this.timeout(30_000);
  let pool: BcryptPool;
  afterEach(async () => {
    await pool.stop();
  });

  it("compares and hashes in a worker thread", async () => {
    pool = new BcryptPool({ workers: 1 });
    assert.equal(await pool.compare(STRONG_PASSWORD, STRONG_12), true);
    assert.equal(await pool.compare("nope", STRONG_12), false);
    const hash = await pool.hash("fresh password", 10);
    assert.match(hash, /^\$2b\$10\$/);
    assert.equal(bcrypt.compareSync("fresh password", hash), true);
    assert.equal(await pool.compare("x", "not-a-hash"), false, "a malformed hash matches nothing");
  });

  it("keeps the event loop free while it works", async () => {
    pool = new BcryptPool({ workers: 1 });
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    // Three cost-12 checks: over a second of CPU that would block the loop on the main thread.
    await Promise.all([1, 2, 3].map(() => pool.compare("nope", STRONG_12)));
    clearInterval(timer);
    assert.ok(longestGap < 100, `the event loop stalled for ${longestGap.toFixed(0)} ms`);
  });

  it("refuses work at once when too much is waiting", async () => {
    pool = new BcryptPool({ workers: 1, maxWaiting: 2 });
    const queued = [1, 2, 3].map(() => pool.compare("nope", STRONG_12));
    await assert.rejects(pool.compare("nope", STRONG_12), QueueFullError);
    assert.deepEqual(await Promise.all(queued), [false, false, false]);
  });

  it("keeps a process alive while it works, and lets it exit when idle", async () => {
    pool = new BcryptPool({ workers: 1 });
    // A script that checks one password and then has nothing left to do must print and exit.
    const script = `
      const { BcryptPool } = require(${JSON.stringify(join(__dirname, "../../../src/auth/bcrypt-pool.ts"))});
      new BcryptPool({ workers: 1 }).compare("nope", ${JSON.stringify(STRONG_12)}).then((r) => console.log("result", r));
    `;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "-e", script], { timeout: 20_000 }, (err, stdout) => {
        if (err) reject(new Error(`the script failed: ${err.message}`));
        else resolve(stdout);
      });
    });
    assert.equal(output.trim(), "result false");
  });
});
