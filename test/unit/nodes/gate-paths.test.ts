// A gate wired after an http in whose URL lies outside its path: the login must cover both, or a browser
// that logs in is asked to log in again for ever.
import assert from "node:assert/strict";
import { commonPath, cookiePathFor, wiredHttpInUrls } from "../../../src/nodes/gate-paths";

describe("auth gate: the path its login covers", () => {
  it("keeps the gate's path when every wired endpoint lies under it", () => {
    assert.equal(cookiePathFor("/api", ["/api/temperature", "/api/:id", "/API/x"]), "/api");
    assert.equal(cookiePathFor("/", ["/anything"]), "/");
    assert.equal(cookiePathFor("/dashboard", []), "/dashboard");
  });

  it("widens it just enough to contain an endpoint outside it", () => {
    assert.equal(cookiePathFor("/dashboard", ["/api/temperature"]), "/");
    assert.equal(cookiePathFor("/home/dash", ["/home/api/:id"]), "/home");
    assert.equal(cookiePathFor("/api/a", ["/api/b", "/api/c/d"]), "/api");
    assert.equal(commonPath("/a/b/c", "/a/b/d"), "/a/b");
    assert.equal(commonPath("/dashboard", "/dashboard2"), "/");
  });

  it("finds the http in nodes wired straight into the gate", () => {
    const nodes = [
      { id: "h1", type: "http in", url: "api/temperature", wires: [["g"]] },
      { id: "h2", type: "http in", url: "/other", wires: [["x"]] },
      { id: "h3", type: "http in", url: "/two", wires: [["x"], ["g"]] },
      { id: "f", type: "function", url: "/not-http", wires: [["g"]] },
      { id: "junk", type: "http in", url: 42, wires: "g" },
    ];
    const eachNode = (cb: (n: Readonly<Record<string, unknown>>) => void): void => nodes.forEach(cb);
    assert.deepEqual(wiredHttpInUrls(eachNode, "g"), ["/api/temperature", "/two"]);
    assert.deepEqual(wiredHttpInUrls(undefined, "g"), []);
  });
});
