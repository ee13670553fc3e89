import assert from "node:assert/strict";
import fc from "fast-check";
import { safeRedirectTarget } from "../../../src/gate/safe-redirect";

describe("safeRedirectTarget", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    assert.equal(safeRedirectTarget("/ui/", "/"), "/ui/");
    assert.equal(safeRedirectTarget("/dashboard/page1?x=1#top", "/"), "/dashboard/page1?x=1#top");
    assert.equal(safeRedirectTarget("/a/../b", "/"), "/b");
  });

  it("refuses anything that could lead to another site", () => {
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      " /x",
      "/\t/evil.example",
      "/x\r\nSet-Cookie: a=b",
      "",
      42,
      undefined,
      `/${"a".repeat(3000)}`,
    ]) {
      assert.equal(safeRedirectTarget(bad, "/home"), "/home", JSON.stringify(bad));
    }
  });

  it("always gives a same-origin path (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((s) => `/${s}`),
          fc.string().map((s) => `//${s}`),
        ),
        (value) => {
          const target = safeRedirectTarget(value, "/fallback");
          assert.ok(target.startsWith("/") && !target.startsWith("//") && !target.includes("\\"), target);
          assert.equal(new URL(target, "http://origin.test").origin, "http://origin.test");
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("refuses targets that the URL parser turns into another site (dot segments before //)", () => {
    for (const bad of [
      "/.//evil.com",
      "/%2e//evil.com",
      "/%2E//evil.com/x?y",
      "/x/..//evil.com",
      "/./%2e/..//evil.com",
    ]) {
      assert.equal(safeRedirectTarget(bad, "/home"), "/home", bad);
    }
    // Dot segments that stay on this site are still fine.
    assert.equal(safeRedirectTarget("/x/./y/../z", "/"), "/x/z");
  });

  it("never gives a protocol-relative target, whatever dot segments precede it (property)", () => {
    const dots = fc.constantFrom(".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "x", "");
    fc.assert(
      fc.property(fc.array(dots, { maxLength: 5 }), fc.domain(), (segments, host) => {
        const target = safeRedirectTarget(`/${segments.join("/")}//${host}/p`, "/fallback");
        assert.ok(target.startsWith("/") && !target.startsWith("//"), target);
        assert.equal(new URL(target, "http://origin.test").origin, "http://origin.test");
      }),
      { numRuns: 500 },
    );
  });
});
