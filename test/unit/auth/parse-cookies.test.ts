import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_COOKIE_HEADER_LENGTH, parseCookies, withoutCookie } from "../../../src/auth/parse-cookies";

describe("parseCookies", () => {
  it("reads every value of each cookie, in order", () => {
    const cookies = parseCookies('a=1; b="two"; a=3;c=;  d = 4 ');
    assert.deepEqual(cookies.get("a"), ["1", "3"]);
    assert.deepEqual(cookies.get("b"), ["two"]);
    assert.deepEqual(cookies.get("c"), [""]);
    assert.deepEqual(cookies.get("d"), ["4"]);
  });

  it("skips malformed pairs and ignores oversized or non-text headers", () => {
    const cookies = parseCookies('novalue; =x; bad name=1; ok=1; semi=a;b; quote=a"b; comma=a,b');
    assert.deepEqual([...cookies.keys()].sort(), ["ok", "semi"]);
    assert.equal(parseCookies(`a=${"x".repeat(MAX_COOKIE_HEADER_LENGTH)}`).size, 0);
    assert.equal(parseCookies(["a=1"]).size, 0);
    assert.equal(parseCookies(undefined).size, 0);
  });

  it("never throws on any input (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 9000 }), fc.anything()), (value) => {
        const cookies = parseCookies(value);
        for (const [name, values] of cookies) {
          assert.match(name, /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          assert.ok(values.length > 0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("removes one cookie from a header", () => {
    assert.equal(withoutCookie("a=1; nrs=2; b=3", "nrs"), "a=1; b=3");
    assert.equal(withoutCookie("nrs=2", "nrs"), undefined);
    assert.equal(withoutCookie(undefined, "nrs"), undefined);
  });
});
