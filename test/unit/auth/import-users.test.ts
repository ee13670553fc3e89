import assert from "node:assert/strict";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { parseUserImport, relaxedJson } from "../../../src/auth/import-users";
import { STRONG_10, TEMPLATE_HASH } from "../../support/hashes";

describe("importing users from settings.js text", () => {
  it("reads an adminAuth block as pasted from settings.js, without running it", () => {
    const text = `adminAuth: {
      type: "credentials",
      // the admin
      users: [{
        username: 'admin',
        password: "${STRONG_10}",
        permissions: "*"
      }, {
        username: "viewer", password: '${TEMPLATE_HASH}', permissions: ["read"], /* trailing */
      }]
    },`;
    const result = parseUserImport(text);
    assert.ok(!(result instanceof Error));
    assert.deepEqual(result.accepted, [
      { username: "admin", roles: ["admin"], hash: STRONG_10 },
      { username: "viewer", roles: ["read"], hash: TEMPLATE_HASH },
    ]);
  });

  it("takes a JSON list or a single user, and refuses plain-text passwords", () => {
    const result = parseUserImport(
      JSON.stringify([
        { username: "a", password: STRONG_10 },
        { username: "b", password: "hunter2" },
        { password: STRONG_10 },
      ]),
    );
    assert.ok(!(result instanceof Error));
    assert.deepEqual(
      result.accepted.map((u) => u.username),
      ["a"],
    );
    assert.deepEqual(result.rejected, [
      { username: "b", reason: "the password is not a bcrypt hash" },
      { username: "", reason: "no user name" },
    ]);
  });

  it("explains text it cannot read", () => {
    const code = parseUserImport("require('child_process')");
    assert.ok(code instanceof Error);
    assert.match(code.message, /could not be read|No users list/);
    const none = parseUserImport("{ nothing: 1 }");
    assert.ok(none instanceof Error);
    assert.match(none.message, /No users list/);
  });

  it("turns relaxed JavaScript into JSON", () => {
    assert.deepEqual(JSON.parse(relaxedJson("{a: 'x', 'b': [1, true, null,], /* c */ d: \"e\"}")), {
      a: "x",
      b: [1, true, null],
      d: "e",
    });
  });

  it("reads quoted names as JavaScript does, escapes included", () => {
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 3 }).filter((t) => !/[\\'"\n\r\u2028\u2029]/.test(t)),
      fc.constantFrom("\\n", "\\t", "\\r", "\\b", "\\f", "\\v", "\\0", "\\\\", "\\'", '\\"', "\\q", "\\\n"),
      fc.integer({ min: 0, max: 255 }).map((n) => `\\x${n.toString(16).padStart(2, "0")}`),
      fc.integer({ min: 0, max: 255 }).map((n) => `\\${n.toString(8)}`),
      fc.constantFrom("0", "7", "8", "\\8", "\\9"),
      fc.integer({ min: 0, max: 0xffff }).map((n) => `\\u${n.toString(16).padStart(4, "0")}`),
      fc.integer({ min: 0, max: 0x10ffff }).map((n) => `\\u{${n.toString(16)}}`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.constantFrom("'", '"'), (pieces, quote) => {
        const body = pieces.map((p) => (p === quote ? `\\${p}` : p)).join("");
        const literal = `${quote}${body}${quote}`;
        // The reference: JavaScript itself reading the same literal.
        const expected = runInNewContext(`(${literal})`) as string;
        assert.equal(JSON.parse(relaxedJson(literal)), expected, literal);
      }),
      { numRuns: 300 },
    );
    const result = parseUserImport(`[{ username: 'caf\\u00e9\\x21', password: "${STRONG_10}", permissions: "*" }]`);
    assert.ok(!(result instanceof Error));
    assert.equal(result.accepted[0]?.username, "café!");
  });
});
