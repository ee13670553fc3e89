import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_AUTHORIZATION_LENGTH, parseAuthorization } from "../../../src/auth/parse-authorization";

const basic = (text: string): string => `Basic ${Buffer.from(text, "utf8").toString("base64")}`;

describe("parseAuthorization", () => {
  it("reads Basic credentials, splitting at the first colon", () => {
    assert.deepEqual(parseAuthorization(basic("alice:pa:ss wörd")), {
      kind: "basic",
      username: "alice",
      password: "pa:ss wörd",
    });
    assert.deepEqual(parseAuthorization(`basic   ${Buffer.from("a:b").toString("base64")}`), {
      kind: "basic",
      username: "a",
      password: "b",
    });
  });

  it("reads Bearer tokens and reports no header as none", () => {
    assert.deepEqual(parseAuthorization("Bearer abc.DEF-123_~+/="), { kind: "bearer", token: "abc.DEF-123_~+/=" });
    assert.deepEqual(parseAuthorization(undefined), { kind: "none" });
    assert.deepEqual(parseAuthorization(""), { kind: "none" });
  });

  it("refuses malformed, oversized, non-UTF-8 and incomplete credentials with a reason", () => {
    const cases: [unknown, RegExp][] = [
      ["Basic", /malformed/],
      ["Basic !!!!", /malformed/],
      ["Basic YWxpY2U", /not valid base64/],
      ["Basic YW=xp", /malformed/],
      [`Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString("base64")}`, /not UTF-8/],
      [basic("alice"), /no ':'/],
      [basic(":secret"), /no user name/],
      [basic("al\u0000ice:x"), /control characters/],
      [basic("alice:x\ny"), /control characters/],
      [`Basic ${"A".repeat(MAX_AUTHORIZATION_LENGTH)}`, /too long/],
      ["Digest username=x", /not supported/],
      [["Basic YTpi"], /not text/],
      [42, /not text/],
    ];
    for (const [value, reason] of cases) {
      const result = parseAuthorization(value);
      assert.equal(result.kind, "invalid", String(value));
      assert.match((result as { reason: string }).reason, reason, String(value));
    }
  });

  it("turns any input into a value, never an exception (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 6000 }), fc.anything()), (value) => {
        const result = parseAuthorization(value);
        assert.ok(["none", "basic", "bearer", "invalid"].includes(result.kind));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (scheme, rest) => {
        parseAuthorization(`${scheme} ${rest}`);
        parseAuthorization(`Basic ${rest}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives back exactly the user name and password that were encoded (property)", () => {
    // eslint-disable-next-line no-control-regex -- control characters are what this filters out
    const noControl = (s: string): boolean => !/[\u0000-\u001f\u007f]/.test(s);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes(":") && noControl(s)),
        fc.string({ maxLength: 60 }).filter(noControl),
        (username, password) => {
          assert.deepEqual(parseAuthorization(basic(`${username}:${password}`)), { kind: "basic", username, password });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
