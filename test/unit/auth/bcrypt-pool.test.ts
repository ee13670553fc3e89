import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { BcryptPool } from "../../../src/auth/bcrypt-pool";
import { ClientGoneError, QueueFullError } from "../../../src/auth/work-queue";
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
    // Counts the event loop's turns while bcrypt works: on the main thread, three cost-12 checks would
    // hold it for their whole second of CPU, and it would turn a handful of times at most.
    let turns = 0;
    let working = true;
    const turn = (): void => {
      turns += 1;
      if (working) setImmediate(turn);
    };
    setImmediate(turn);
    await Promise.all([1, 2, 3].map(() => pool.compare("nope", STRONG_12)));
    working = false;
    assert.ok(turns > 1_000, `the event loop turned only ${String(turns)} times while bcrypt worked`);
  });

  it("refuses at once, with when to retry, only what could not finish within the budget", async () => {
    pool = new BcryptPool({ workers: 1, waitBudgetMs: 1 });
    // The first check runs at once; the second would wait longer than a millisecond.
    const first = pool.compare("nope", STRONG_12, { client: "10.0.0.1" });
    await assert.rejects(
      pool.compare("nope", STRONG_12, { client: "10.0.0.2" }),
      (err: unknown) => err instanceof QueueFullError && err.retryAfterSeconds >= 1,
    );
    assert.equal(await first, false);
    assert.equal(pool.stats.refused, 1);
    assert.equal(pool.stats.compares, 1);
  });

  it("drops a waiting check whose client went away, without running bcrypt for it", async () => {
    pool = new BcryptPool({ workers: 1 });
    const first = pool.compare("nope", STRONG_12, { client: "10.0.0.1" });
    const gone = new AbortController();
    const second = pool.compare("nope", STRONG_12, { client: "10.0.0.2", signal: gone.signal });
    gone.abort();
    await assert.rejects(second, ClientGoneError);
    await first;
    assert.deepEqual([pool.stats.compares, pool.stats.dropped], [1, 1]);
  });

  it("skips bcrypt when the check's turn comes and the caller no longer wants it", async () => {
    pool = new BcryptPool({ workers: 1 });
    const result = await pool.compare(STRONG_PASSWORD, STRONG_12, {}, () => Promise.resolve("locked" as const));
    assert.equal(result, "locked");
    assert.equal(pool.stats.compares, 0);
  });

  it("checks with native bcrypt when it loads, and with bcryptjs otherwise: the same answers", async () => {
    pool = new BcryptPool({ workers: 1 });
    // @node-rs/bcrypt is installed here (Node-RED's optional dependency); the package never depends on it.
    assert.equal(pool.implementation, "native");
    const fallback = new BcryptPool({ workers: 1, nativeModule: false });
    try {
      assert.equal(fallback.implementation, "bcryptjs");
      const hash2a = bcrypt.hashSync("pw", 4).replace(/^\$2b\$/, "$2a$");
      for (const p of [pool, fallback]) {
        assert.equal(await p.compare(STRONG_PASSWORD, STRONG_12), true);
        assert.equal(await p.compare("nope", STRONG_12), false);
        assert.equal(await p.compare("pw", hash2a), true, "$2a$ hashes are checked too");
        assert.equal(await p.compare("x", "not-a-hash"), false, "a malformed hash matches nothing");
        assert.match(await p.hash("fresh", 4), /^\$2b\$04\$/);
      }
    } finally {
      await fallback.stop();
    }
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
