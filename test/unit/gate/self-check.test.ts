// The live check's mark: only this process's own token is recognised, compared in constant time.
import assert from "node:assert/strict";
import { SELF_CHECK_HEADER, isSelfCheck, selfCheckToken } from "../../../src/gate/self-check";

describe("self-check mark", () => {
  it("recognises this process's token and nothing else", () => {
    const token = selfCheckToken();
    assert.ok(token.length >= 32);
    assert.equal(selfCheckToken(), token, "one token per process");
    assert.equal(isSelfCheck({ [SELF_CHECK_HEADER]: token }), true);
    assert.equal(isSelfCheck({}), false);
    assert.equal(isSelfCheck({ [SELF_CHECK_HEADER]: "" }), false);
    assert.equal(isSelfCheck({ [SELF_CHECK_HEADER]: `${token}x` }), false);
    assert.equal(isSelfCheck({ [SELF_CHECK_HEADER]: token.replace(/.$/, (c) => (c === "a" ? "b" : "a")) }), false);
    assert.equal(isSelfCheck({ [SELF_CHECK_HEADER]: [token] }), false);
  });
});
