import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import rule from "../../../../src/audit/rules/user-dir-unwritable";
import { judge } from "../../../support/audit";
import { evaluateRule } from "../../../../src/audit";
import type { Facts } from "../../../../src/audit";

describe("NRS-RUNTIME-001 unwritable user directory", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nrs-userdir-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes a writable directory", async () => {
    const f = await judge(rule, { userDir: dir });
    assert.equal(f?.severity, "pass");
  });

  it("flags a directory or sessions file that cannot be written", async () => {
    // Root can write anything, so judge facts as an unprivileged Node-RED would see them too.
    const sessions = join(dir, ".sessions.json");
    writeFileSync(sessions, "{}");
    chmodSync(sessions, 0o444);
    chmodSync(dir, 0o555);
    const asRoot = process.getuid?.() === 0;
    const measured = await judge(rule, { userDir: dir });
    if (!asRoot) {
      assert.equal(measured?.severity, "medium");
    }
    const facts = { userDir: { path: dir, writable: false, sessionsFileWritable: false } } as unknown as Facts;
    const f = evaluateRule(rule, facts);
    assert.equal(f?.severity, "medium");
    assert.deepEqual(f.details, [`${dir} is not writable`, ".sessions.json is not writable"]);
    chmodSync(dir, 0o755);
  });

  it("is silent when the directory is unknown", async () => {
    assert.equal(await judge(rule, {}), undefined);
  });
});
