// `fix editor-login` and `fix credential-secret` on the command line: a user name and password piped in
// (as a terminal would type them, hidden), the users file (mode 0600, a bcrypt hash), one adminAuth line
// in Node-RED's own default settings.js with a backup, the diff and restart advice. Bad input — a short
// password, a settings.js that does not load or cannot be written, an active adminAuth — is refused with
// a clear message and nothing written.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { CLI, DEFAULT_SETTINGS, ROOT, runCli, whileUnwritable } from "../../support/cli";
import { userDirWithPackage } from "../../support/node-red";

const PASSWORD = "correct horse battery staple";

describe("CLI fix editor-login and fix credential-secret", function () {
  this.timeout(60_000);
  let dir: string;
  let settingsFile: string;
  beforeEach(() => {
    dir = userDirWithPackage("nrs-fix-login-");
    settingsFile = join(dir, "settings.js");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const untouched = (): void => {
    assert.equal(readFileSync(settingsFile, "utf8"), readFileSync(DEFAULT_SETTINGS, "utf8"));
    assert.ok(!readdirSync(dir).some((f) => f.startsWith("settings.js.")), "no backup, no temporary file");
    assert.equal(existsSync(join(dir, "security", "editor-users.json")), false, "a users file was written");
  };

  it("writes the users file and the adminAuth line, prints the diff and restart advice", async () => {
    const res = await runCli(["fix", "editor-login", dir], `ann\n${PASSWORD}\n`);
    assert.equal(res.code, 0, res.stderr);
    const usersFile = join(dir, "security", "editor-users.json");
    assert.equal(statSync(usersFile).mode & 0o777, 0o600);
    const users = JSON.parse(readFileSync(usersFile, "utf8")) as {
      users: { username: string; password: string; roles: string[] }[];
    };
    assert.equal(users.users.length, 1);
    const [user] = users.users;
    assert.ok(user);
    assert.equal(user.username, "ann");
    assert.deepEqual(user.roles, ["admin"]);
    const bcrypt = createRequire(join(ROOT, "package.json"))("bcryptjs") as {
      compareSync(p: string, h: string): boolean;
    };
    assert.ok(bcrypt.compareSync(PASSWORD, user.password), "the hash does not match the password");
    assert.ok(!res.stdout.includes(PASSWORD) && !res.stderr.includes(PASSWORD), "the password was printed");
    const line = `adminAuth: require("node-red-contrib-security").adminAuth({ users: ${JSON.stringify(usersFile)} }),`;
    assert.ok(readFileSync(settingsFile, "utf8").includes(`    ${line}\n`));
    assert.match(res.stdout, new RegExp(`\\n\\+ {4}${line.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\n`));
    const backup = /\(backup: (\S+)\)/.exec(res.stdout)?.[1] ?? "";
    assert.equal(readFileSync(backup, "utf8"), readFileSync(DEFAULT_SETTINGS, "utf8"));
    assert.match(res.stdout, /Restart Node-RED to use the editor login\. .*(restart|Ctrl\+C)/);
    assert.match(res.stdout, /Then log in to the editor as ann\./);

    // Again: adminAuth is active now and is never overwritten; no second users file.
    const edited = readFileSync(settingsFile, "utf8");
    const again = await runCli(["fix", "editor-login", "--user", "bob", dir], `${PASSWORD}\n`);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /already sets adminAuth on line \d+: it is not overwritten\. Change that line to: adminAuth: /,
    );
    assert.equal(readFileSync(settingsFile, "utf8"), edited);
    assert.equal(existsSync(join(dir, "security", "editor-users-2.json")), false);
  });

  it("on a terminal, asks for the name, then the password twice without showing it", async () => {
    // util-linux `script` gives the command a real terminal; the keys are typed one answer at a time.
    const typed = await new Promise<string>((resolve, reject) => {
      const child = spawn("script", ["-qec", `${process.execPath} ${CLI} fix editor-login ${dir}`, "/dev/null"], {
        env: { ...process.env, NO_COLOR: "1" },
      });
      let out = "";
      const answers: [string, string][] = [
        ["User name for the editor: ", "ann\r"],
        ["Password: ", `${PASSWORD}\r`],
        ["Repeat it: ", `${PASSWORD}\r`],
      ];
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const next = answers[0];
        if (next && out.includes(next[0])) {
          answers.shift();
          child.stdin.write(next[1]);
        }
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("error", reject);
      child.on("close", () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
    assert.match(typed, /User name for the editor: .*ann/);
    assert.ok(!typed.includes(PASSWORD), `the password was shown:\n${typed}`);
    assert.match(typed, /Then log in to the editor as ann\./);
    assert.match(readFileSync(settingsFile, "utf8"), /adminAuth: require\("node-red-contrib-security"\)\.adminAuth/);
  });

  it("refuses a short password, a wrong number of lines and a settings.js that does not load, writing nothing", async () => {
    const short = await runCli(["fix", "editor-login", dir], "ann\nshort\n");
    assert.equal(short.code, 2);
    assert.match(short.stderr, /The password needs at least 8 characters/);
    untouched();
    const one = await runCli(["fix", "editor-login", dir], `${PASSWORD}\n`);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /Pipe two lines: the user name, then the password/);
    untouched();
    writeFileSync(settingsFile, "module.exports = {\n  uiPort: 1880,\n  oops\n");
    const broken = await runCli(["fix", "editor-login", dir], `ann\n${PASSWORD}\n`);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /settings\.js does not load as it is \(.*\): nothing was changed\. Fix it first\./);
    assert.equal(readFileSync(settingsFile, "utf8"), "module.exports = {\n  uiPort: 1880,\n  oops\n");
    assert.ok(!existsSync(join(dir, "security", "editor-users.json")));
  });

  it("refuses a settings.js it may not write, writing nothing", async () => {
    chmodSync(dir, 0o755);
    chmodSync(settingsFile, 0o644);
    const res = await whileUnwritable(settingsFile, () => runCli(["fix", "editor-login", dir], `ann\n${PASSWORD}\n`));
    assert.equal(res.code, 2, res.stdout);
    assert.match(
      res.stderr,
      /settings\.js \(or its folder\) cannot be written by the user Node-RED runs as: nothing was changed/,
    );
    chmodSync(settingsFile, 0o644);
    untouched();
  });

  it("fix palette-limits stops the palette installing or uploading nodes, and says what to do instead", async () => {
    const res = await runCli(["fix", "palette-limits", dir]);
    assert.equal(res.code, 0, res.stderr);
    const settings = createRequire(settingsFile)(settingsFile) as { externalModules?: unknown };
    assert.deepEqual(settings.externalModules, { palette: { allowInstall: false, allowUpload: false } });
    // Node-RED's default settings.js sets externalModules to an object of comments only: the limits go into it.
    assert.match(
      res.stdout,
      /\n {5}externalModules: \{\n\+ {8}\/\/ Added by node-red-contrib-security[^\n]*\n\+ {8}palette: \{ allowInstall: false, allowUpload: false \},\n/,
    );
    assert.match(res.stdout, /install them with npm in the user directory/);
    assert.match(res.stdout, /Restart Node-RED to use it\./);
    const again = await runCli(["fix", "palette-limits", dir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already sets externalModules on line \d+/);
    const help = await runCli(["--help"]);
    assert.match(help.stdout, /fix palette-limits \[userDir\]/);
  });

  it("fix credential-secret adds a random secret, shows it masked and asks for a backup", async () => {
    const res = await runCli(["fix", "credential-secret", dir]);
    assert.equal(res.code, 0, res.stderr);
    const secret = /\n\s*credentialSecret: "([A-Za-z0-9_-]{32})",\n/.exec(readFileSync(settingsFile, "utf8"))?.[1];
    assert.ok(secret, "no credentialSecret in settings.js");
    assert.ok(!res.stdout.includes(secret), "the secret was printed");
    assert.ok(res.stdout.includes(`${secret.slice(0, 4)}••••••••••••`));
    assert.match(res.stdout, /back up settings\.js now/);
    assert.match(res.stdout, /re-encrypts the existing credentials with it at the next deploy/);
    const again = await runCli(["fix", "credential-secret", dir]);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /already sets credentialSecret on line \d+: it is not overwritten\. Change that line to: credentialSecret: "<a long random text of your own, kept with your backups>",/,
    );
    // The message names the line and a value to put there, never the secret written.
    assert.ok(!again.stderr.includes(secret));
    // In a Japanese terminal too.
    const japanese = await runCli(["fix", "credential-secret", dir], undefined, { LC_ALL: "ja_JP.UTF-8" });
    assert.equal(japanese.code, 2);
    assert.match(
      japanese.stderr,
      /行目ですでに credentialSecret が設定されています。上書きはしません。その行を次のように変更してください: credentialSecret: "<a long random text of your own, kept with your backups>",/,
    );
    assert.ok(!japanese.stderr.includes(secret));
  });
});
