import assert from "node:assert/strict";
import { fillSnippet, needsHash } from "../../../src/audit/snippet";

describe("snippet placeholders", () => {
  it("fills the hash and the secret, everywhere they appear", () => {
    const s = 'a: "{{HASH}}", b: "{{HASH}}", c: "{{SECRET}}"';
    assert.equal(fillSnippet(s, { hash: "$2b$12$h", secret: "sek" }, "?"), 'a: "$2b$12$h", b: "$2b$12$h", c: "sek"');
    assert.equal(fillSnippet(s, {}, "<none>"), 'a: "<none>", b: "<none>", c: "<a long random string>"');
  });

  it("treats a $ in the hash literally", () => {
    assert.equal(fillSnippet("{{HASH}}", { hash: "$&$1" }, ""), "$&$1");
  });

  it("knows which snippets want a hash", () => {
    assert.equal(needsHash('p: "{{HASH}}"'), true);
    assert.equal(needsHash("uiHost: 1"), false);
    assert.equal(needsHash(undefined), false);
  });
});
