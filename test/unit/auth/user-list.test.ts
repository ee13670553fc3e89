// readUserList: one reader for a node's list (lenient) and a settings.js list (each bad entry refused).
import assert from "node:assert/strict";
import { readUserList, type StrictReading } from "../../../src/auth/user-list";
import { CHANGEME_4 } from "../../support/hashes";

class ListError extends Error {}
const strict: StrictReading = { where: "users file /x/users.json", refuse: (message) => new ListError(message) };

describe("readUserList", () => {
  it("reads a node's list as well as it can: bad entries left out or given defaults, never thrown", () => {
    const users = readUserList([
      { id: "a", username: "  ann ", roles: [" admin ", "", 7], enabled: false },
      "not a user",
      null,
      { id: 5, username: 6, roles: "admin" },
    ]);
    assert.deepEqual(users, [
      { id: "a", username: "ann", roles: ["admin"], enabled: false },
      { id: "", username: "", roles: [], enabled: true },
    ]);
    assert.deepEqual(readUserList({ users: [] }), []);
  });

  it("reads a settings.js list with hashes, roles or permissions, a single role as a list", () => {
    const users = readUserList(
      [
        { username: "ann", password: CHANGEME_4, roles: [" admin "] },
        { username: "bob", password: CHANGEME_4, permissions: "read", enabled: false },
      ],
      strict,
    );
    assert.deepEqual(users, [
      { id: "", username: "ann", roles: ["admin"], enabled: true, hash: CHANGEME_4 },
      { id: "", username: "bob", roles: ["read"], enabled: false, hash: CHANGEME_4 },
    ]);
  });

  it("refuses a bad settings.js entry with the caller's error, saying where and how to fix it", () => {
    const refused = (value: unknown): string => {
      try {
        readUserList(value, strict);
      } catch (err) {
        assert.ok(err instanceof ListError);
        return err.message;
      }
      assert.fail("accepted");
    };
    assert.equal(refused({}), "users file /x/users.json: expected a list of users");
    assert.equal(refused([["ann"]]), "users file /x/users.json: user #1 is not an object like { username, password }");
    assert.equal(refused([{ password: CHANGEME_4 }]), "users file /x/users.json: user #1 has no username");
    assert.match(refused([{ username: "ann", password: "changeme" }]), /the password of "ann" is not a bcrypt hash/);
    assert.match(refused([{ username: "ann", password: "changeme" }]), /npx node-red-contrib-security hash-pw/);
    assert.equal(
      refused([{ username: "ann", password: CHANGEME_4, roles: [1] }]),
      'users file /x/users.json: the roles of "ann" must be a list of names',
    );
  });
});
