import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import bcrypt from "bcryptjs";
import { CLI, runCli } from "../../support/cli";

describe("CLI hash-pw", function () {
  this.timeout(60_000);

  it("prints only a bcrypt hash (cost 12) of a piped password", async () => {
    const r = await runCli(["hash-pw"], "violet-Tractor-93-umbrella\n");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\$2b\$12\$[./A-Za-z0-9]{53}\n$/);
    assert.equal(await bcrypt.compare("violet-Tractor-93-umbrella", r.stdout.trim()), true);
    assert.equal(r.stderr, "");
  });

  it("honours --cost and refuses costs below 10", async () => {
    const r = await runCli(["hash-pw", "--cost", "10"], "violet-Tractor-93-umbrella");
    assert.match(r.stdout, /^\$2b\$10\$/);
    const low = await runCli(["hash-pw", "--cost", "8"], "violet-Tractor-93-umbrella");
    assert.equal(low.code, 2);
    assert.match(low.stderr, /cost must be a whole number from 10 to 15/);
    assert.equal(low.stdout, "");
  });

  it("warns about weak passwords on stderr but still prints the hash", async () => {
    const r = await runCli(["hash-pw", "--cost", "10"], "admin\r\n");
    assert.equal(r.code, 0);
    assert.match(r.stderr, /shorter than 12 characters/);
    assert.match(r.stderr, /most common passwords/);
    assert.equal(await bcrypt.compare("admin", r.stdout.trim()), true);
  });

  it("exits 2 for an empty password or several lines", async () => {
    const empty = await runCli(["hash-pw"], "\n");
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /The password is empty/);
    const lines = await runCli(["hash-pw"], "one\ntwo\n");
    assert.equal(lines.code, 2);
    assert.match(lines.stderr, /more than one line/);
  });

  it("asks twice on a terminal and never echoes the password", async () => {
    // `script` gives the command a real pseudo-terminal, as when a person types.
    const password = "Quiet-Harbour-77";
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("script", ["-qec", `${process.execPath} ${CLI} hash-pw --cost 10`, "/dev/null"], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        if (/Password: $/.test(out)) child.stdin.write(`${password}\r`);
        else if (/Repeat it: $/.test(out)) child.stdin.write(`${password}\r`);
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("error", reject);
      child.on("close", () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
    assert.match(output, /Password: /);
    assert.match(output, /Repeat it: /);
    assert.ok(!output.includes(password), "the password was echoed");
    const hash = /\$2b\$10\$[./A-Za-z0-9]{53}/.exec(output)?.[0];
    assert.ok(hash, output);
    assert.equal(await bcrypt.compare(password, hash), true);
  });
});
