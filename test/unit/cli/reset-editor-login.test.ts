// `reset-editor-login [userDir]` as a user runs it: a recovery file only in a real user directory,
// private, holding a hash; a new password (printed once) each time it runs.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { runCli } from "../../support/cli";

describe("cli reset-editor-login", function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), "nrs-reset-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a directory that does not exist, writing nothing", async () => {
    const missing = join(dir, "missing");
    const result = await runCli(["reset-editor-login", missing]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a directory: give Node-RED's user directory/);
    assert.equal(existsSync(missing), false);
  });

  it("writes a private file holding only a hash of the password it prints, and a new one each run", async () => {
    const first = await runCli(["reset-editor-login", dir]);
    assert.equal(first.code, 0, first.stderr);
    const password = /password:\s+(\S+)/.exec(first.stdout)?.[1] ?? "";
    const file = join(dir, "security", "editor-recovery.json");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { users: { username: string; password: string }[] };
    assert.equal(saved.users[0]?.username, "recovery-admin");
    assert.ok(bcrypt.compareSync(password, saved.users[0].password));
    assert.ok(!readFileSync(file, "utf8").includes(password));
    const second = await runCli(["reset-editor-login", dir]);
    assert.notEqual(/password:\s+(\S+)/.exec(second.stdout)?.[1], password);
    assert.equal((await runCli(["reset-editor-login", dir, "extra"])).code, 2);
  });
});
