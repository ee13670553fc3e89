import assert from "node:assert/strict";
import { KIND, isSecretName, scanCode, scanNode } from "../../../../src/audit/flows/secrets";

describe("credentials written into flow nodes", () => {
  it("finds the function-node login that compares a plain password", () => {
    assert.deepEqual(scanCode(`if (msg.payload.password === "hunter2") return msg;`), [KIND.compare]);
    assert.deepEqual(scanCode(`if ('s3cret' == msg.req.body.pwd) { ok = true }`), [KIND.compare]);
    assert.deepEqual(scanCode(`if (msg.payload["api-key"] !== "abc123") return null;`), [KIND.compare]);
  });

  it("finds secrets assigned as literals, in code or object literals", () => {
    assert.deepEqual(scanCode(`const password = "letmein";`), [KIND.assign]);
    assert.deepEqual(scanCode(`msg.headers = { "x-api-key": 'k-123456' };`), [KIND.assign]);
    assert.deepEqual(scanCode(`const cfg = { apiKey: "abcdef" };`), [KIND.assign]);
  });

  it("finds Authorization headers, AWS keys, private keys and passwords in URLs", () => {
    assert.deepEqual(scanCode(`msg.headers = { Authorization: "Basic dXNlcjpwYXNzd29yZA==" };`), [KIND.header]);
    assert.deepEqual(scanCode(`msg.headers.authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.x";`), [KIND.header]);
    assert.deepEqual(scanCode(`const id = "AKIAABCDEFGHIJKLMNOP";`), [KIND.aws]);
    assert.deepEqual(scanCode("const k = `-----BEGIN RSA PRIVATE KEY-----\nMIIB...`;"), [KIND.privateKey]);
    assert.deepEqual(scanCode(`msg.url = "https://bob:pa55word@example.com/x";`), [KIND.urlPassword]);
  });

  it("leaves alone what is not a secret", () => {
    for (const code of [
      `if (msg.payload.password === "") return null;`,
      `const password = env.get("PASSWORD");`,
      `msg.password = msg.payload.password;`,
      `const password = "********";`,
      `const passwordLabel = "Your password";`,
      `if (msg.passenger === "bob") return msg;`,
      `msg.headers = { Authorization: "Bearer " + token };`,
      `const t = "{{password}}";`,
      `if (msg.payload.password == msg.stored) return msg;`,
      `msg.payload = 42; return msg;`,
    ]) {
      assert.deepEqual(scanCode(code), [], code);
    }
  });

  it("knows secret-looking names", () => {
    for (const n of ["password", "msg.payload.pwd", "api_key", "x-api-key", "accessToken", "clientSecret", "pass"]) {
      assert.ok(isSecretName(n), n);
    }
    for (const n of ["bypass", "passenger", "passwordLabel", "tokenType", "key", "name", ""]) {
      assert.ok(!isSecretName(n), n);
    }
  });

  it("reads function, change, switch and template nodes and nothing else", () => {
    const fn = { id: "f", type: "function", func: "return msg;", initialize: `const token = "abc123";` };
    assert.deepEqual(scanNode(fn), [KIND.assign]);
    const change = {
      id: "c",
      type: "change",
      rules: [{ t: "set", p: "password", pt: "msg", to: "hunter2", tot: "str" }],
    };
    assert.deepEqual(scanNode(change), [KIND.assign]);
    const fromEnv = { id: "c", type: "change", rules: [{ t: "set", p: "password", pt: "msg", to: "PW", tot: "env" }] };
    assert.deepEqual(scanNode(fromEnv), []);
    const header = {
      id: "c",
      type: "change",
      rules: [{ t: "set", p: "headers.Authorization", to: "Bearer abcdefgh12", tot: "str" }],
    };
    assert.deepEqual(scanNode(header), [KIND.header]);
    const sw = { id: "s", type: "switch", property: "payload.password", rules: [{ t: "eq", v: "1234", vt: "str" }] };
    assert.deepEqual(scanNode(sw), [KIND.compare]);
    const swNum = { id: "s", type: "switch", property: "payload.temp", rules: [{ t: "eq", v: "1234", vt: "str" }] };
    assert.deepEqual(scanNode(swNum), []);
    const tpl = { id: "t", type: "template", template: `{"token": "abcd1234"}` };
    assert.deepEqual(scanNode(tpl), [KIND.assign]);
    assert.deepEqual(scanNode({ id: "x", type: "exec", command: `curl -u bob:pw https://x` }), []);
    // Strange shapes are read as nothing.
    assert.deepEqual(scanNode({ id: "c", type: "change", rules: "nope" }), []);
    assert.deepEqual(scanNode({ id: "f", type: "function", func: 42 }), []);
  });
});
