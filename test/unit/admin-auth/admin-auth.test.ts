// security.adminAuth's options and roles: the permission each role gets in the editor, the options a
// mistake in settings.js produces (said once, clearly, and the login refuses everyone instead of
// Node-RED failing to start), the settings.js line and users file for turning the login on, and the
// last-admin rule of the list that guards the editor.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { adminAuth, type EditorAdminAuth } from "../../../src/admin-auth";
import { lastAdminProblem, setEditorGuard } from "../../../src/admin-auth/editor-guard";
import { editorPermission, readPermissions } from "../../../src/admin-auth/permissions";
import { recoveryFilePath, runningUserDir } from "../../../src/admin-auth/recovery";
import { createEditorUsersFile, editorLoginSettingsLine } from "../../../src/admin-auth/settings-line";
import { adminAuth as exported } from "../../../src";
import { STRONG_10 } from "../../support/hashes";

function capturingErrors<T>(fn: () => T): { value: T; logged: string[] } {
  const original = console.error;
  const logged: string[] = [];
  console.error = (...args: unknown[]) => {
    logged.push(args.map(String).join(" "));
  };
  try {
    return { value: fn(), logged };
  } finally {
    console.error = original;
  }
}

describe("security.adminAuth", () => {
  const dir = mkdtempSync(join(tmpdir(), "nrs-admin-auth-"));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    setEditorGuard(undefined);
  });
  const make = (options: Record<string, unknown>): { auth: EditorAdminAuth; logged: string[] } => {
    const { value, logged } = capturingErrors(() =>
      adminAuth({ userDir: dir, ...options } as unknown as Parameters<typeof adminAuth>[0]),
    );
    return { auth: value, logged };
  };

  describe("roles → Node-RED permissions", () => {
    it("gives role admin everything by default and refuses every other role", () => {
      const map = readPermissions(undefined);
      assert.equal(editorPermission(["admin"], map), "*");
      assert.equal(editorPermission(["viewer"], map), undefined);
      assert.equal(editorPermission([], map), undefined);
    });

    it("maps the roles a user has, the widest winning and scopes adding up", () => {
      const map = readPermissions({ admin: "*", viewer: "read", flows: ["flows.read", "flows.write"] });
      assert.equal(editorPermission(["viewer"], map), "read");
      assert.equal(editorPermission(["viewer", "admin"], map), "*");
      assert.deepEqual(editorPermission(["viewer", "flows"], map), ["read", "flows.read", "flows.write"]);
      assert.equal(editorPermission(["toString"], map), undefined, "an inherited name is no role");
    });

    it("refuses permissions that are not what Node-RED understands, saying what to write", () => {
      assert.throws(() => readPermissions("*"), /permissions must be an object like \{ admin: "\*", viewer: "read" \}/);
      assert.throws(() => readPermissions({ admin: "everything please" }), /role "admin" must be "\*", "read"/);
      assert.throws(() => readPermissions({ admin: 1 }), /role "admin"/);
      assert.throws(() => readPermissions({ admin: [] }), /empty list/);
      assert.throws(() => readPermissions({}), /nobody could open the editor/);
    });
  });

  describe("the adminAuth it makes", () => {
    it("is a Node-RED strategy with autoLogin and a POST callback, exported for settings.js", () => {
      assert.equal(exported, adminAuth);
      const { auth, logged } = make({ users: [{ username: "ann", password: STRONG_10, roles: ["admin"] }] });
      assert.deepEqual(logged, []);
      assert.equal(auth.type, "strategy");
      assert.equal(auth.strategy.autoLogin, true);
      assert.equal(auth.strategy.options.callbackMethod, "post");
      assert.equal(typeof auth.strategy.strategy, "function");
      assert.equal(auth.problem(), undefined);
    });

    it("answers Node-RED's user look-up with the mapped permission, and null for anyone else", async () => {
      const { auth } = make({
        users: [
          { username: "ann", password: STRONG_10, roles: ["admin"] },
          { username: "vic", password: STRONG_10, roles: ["viewer"] },
          { username: "off", password: STRONG_10, roles: ["admin"], enabled: false },
          { username: "gus", password: STRONG_10, roles: ["guest"] },
        ],
        permissions: { admin: "*", viewer: "read" },
        sessionExpiryTime: 3600,
      });
      assert.deepEqual(await auth.users("ann"), { username: "ann", permissions: "*" });
      assert.deepEqual(await auth.users("vic"), { username: "vic", permissions: "read" });
      assert.equal(await auth.users("off"), null);
      assert.equal(await auth.users("gus"), null);
      assert.equal(await auth.users("nobody"), null);
      assert.equal(auth.sessionExpiryTime, 3600);
    });

    it("refuses a plain-text password in the list with one clear line, without throwing", async () => {
      const { auth, logged } = make({ users: [{ username: "ann", password: "hunter2", roles: ["admin"] }] });
      assert.equal(logged.length, 1);
      assert.match(logged[0] ?? "", /the password of "ann" is not a bcrypt hash/);
      assert.match(logged[0] ?? "", /reset-editor-login/);
      assert.ok(!(logged[0] ?? "").includes("hunter2"), "the log shows the password");
      assert.match(auth.problem() ?? "", /not a bcrypt hash/);
      assert.equal(await auth.users("ann"), null);
    });

    it("says which option is wrong: permissions, flags, expiry, users", () => {
      const users = [{ username: "ann", password: STRONG_10, roles: ["admin"] }];
      assert.match(make({ users, permissions: { admin: "all" } }).auth.problem() ?? "", /role "admin"/);
      assert.match(
        make({ users, requireSecondFactor: "yes" }).auth.problem() ?? "",
        /requireSecondFactor must be true or false/,
      );
      assert.match(make({ users, sessionExpiryTime: -1 }).auth.problem() ?? "", /sessionExpiryTime/);
      assert.match(make({ users: 42 }).auth.problem() ?? "", /options.users must be/);
      const missing = make({ users: join(dir, "nope.json") });
      assert.match(missing.auth.problem() ?? "", /users file .*nope\.json/);
      assert.equal(missing.logged.length, 1);
    });

    it("waits for the flows before judging an auth-users node id, and notes it guards the editor", () => {
      const { auth, logged } = make({ users: "usersA", permissions: { boss: "*", viewer: "read" } });
      assert.deepEqual(logged, [], "an id is judged only once the flows run");
      assert.match(auth.problem() ?? "", /auth-users node usersA is not deployed/);
      const before = [{ username: "a", roles: ["boss"], enabled: true, hasPassword: true }];
      assert.match(lastAdminProblem("usersA", before, []) ?? "", /guards the editor's own login/);
      assert.match(
        lastAdminProblem("usersA", before, [{ ...before[0]!, enabled: false }]) ?? "",
        /without an enabled admin \(role boss\)/,
      );
      assert.equal(lastAdminProblem("usersA", before, [{ ...before[0]!, roles: ["viewer", "boss"] }]), undefined);
      assert.equal(lastAdminProblem("otherList", before, []), undefined, "another list is not guarded");
    });

    it("also accepts the recovery file's user, with full permission, when the file is there at start", async () => {
      const userDir = join(dir, "recovering");
      mkdirSync(join(userDir, "security"), { recursive: true });
      const hash = bcrypt.hashSync("recover-me-please", 4);
      writeFileSync(
        recoveryFilePath(userDir),
        JSON.stringify({ users: [{ username: "recovery-admin", password: hash, roles: ["admin"] }] }),
      );
      const original = console.warn;
      console.warn = () => undefined;
      try {
        const { auth } = make({ userDir, users: "goneList", permissions: { viewer: "read" } });
        assert.deepEqual(await auth.users("recovery-admin"), { username: "recovery-admin", permissions: "*" });
        assert.equal(auth.problem(), undefined, "the recovery login counts as a working login");
      } finally {
        console.warn = original;
      }
    });
  });

  it("finds Node-RED's user directory as its command line does", () => {
    assert.equal(runningUserDir(["node", "red.js", "--userDir", "/srv/nr"]), "/srv/nr");
    assert.equal(runningUserDir(["node", "red.js", "-u", "/srv/x"]), "/srv/x");
    assert.equal(runningUserDir(["node", "red.js", "--userDir=/srv/y"]), "/srv/y");
    assert.match(runningUserDir(["node", "red.js"]), /\.node-red$/);
  });

  describe("turning the login on (for the settings.js editor)", () => {
    it("makes the one settings.js line for a node id or a users file", () => {
      assert.equal(
        editorLoginSettingsLine({ node: "a1b2c3" }),
        'adminAuth: require("node-red-contrib-security").adminAuth({ users: "a1b2c3" }),',
      );
      assert.equal(
        editorLoginSettingsLine(
          { file: "/home/pi/.node-red/security/editor-users.json" },
          { requireSecondFactor: true },
        ),
        'adminAuth: require("node-red-contrib-security").adminAuth({ users: "/home/pi/.node-red/security/editor-users.json", requireSecondFactor: true }),',
      );
      assert.throws(() => editorLoginSettingsLine({ node: 'x"); process.exit(' }), /not an auth-users node id/);
      assert.throws(() => editorLoginSettingsLine({ file: "a\nb" }), /line break/);
    });

    it("writes a new users file with one admin, private, hashed, and never over an existing one", async () => {
      const path = join(dir, "security", "editor-users.json");
      await createEditorUsersFile(path, " ann ", "violet-Tractor-93-umbrella");
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const text = readFileSync(path, "utf8");
      assert.ok(!text.includes("violet-Tractor-93-umbrella"));
      const saved = JSON.parse(text) as { users: { username: string; password: string; roles: string[] }[] };
      assert.equal(saved.users[0]?.username, "ann");
      assert.deepEqual(saved.users[0].roles, ["admin"]);
      assert.ok(bcrypt.compareSync("violet-Tractor-93-umbrella", saved.users[0].password));
      await assert.rejects(createEditorUsersFile(path, "bob", "another-long-password"), /exists already/);
      await assert.rejects(createEditorUsersFile(join(dir, "x.json"), "  ", "pw"), /Give a user name/);
      // The file it writes is one adminAuth reads.
      const { auth } = make({ users: path });
      assert.deepEqual(await auth.users("ann"), { username: "ann", permissions: "*" });
    });
  });
});
