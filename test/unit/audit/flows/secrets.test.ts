import assert from "node:assert/strict";
import { KIND, isSecretName, scanCode, scanNode } from "../../../../src/audit/flows/secrets";
import { requestCompareKind, urlFieldKind } from "../../../../src/audit/flows/secret-words";

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

  it("reads function, change, switch and template nodes, and the settings of any node", () => {
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
    assert.deepEqual(scanNode({ id: "x", type: "exec", command: `curl http://bob:Pw-12345@cam/x.jpg` }), [
      urlFieldKind("command"),
    ]);
    // Strange shapes are read as nothing.
    assert.deepEqual(scanNode({ id: "c", type: "change", rules: "nope" }), []);
    assert.deepEqual(scanNode({ id: "f", type: "function", func: 42 }), []);
  });

  it("finds switch nodes that test request properties against fixed strings", () => {
    const sw = (property: string, rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      id: "s",
      type: "switch",
      property,
      propertyType: "msg",
      rules,
      ...extra,
    });
    const header = requestCompareKind("header", "authorization");
    assert.deepEqual(scanNode(sw("req.headers.authorization", [{ t: "eq", v: "Sunflower-Garden-77", vt: "str" }])), [
      header,
    ]);
    assert.deepEqual(scanNode(sw("req.query.token", [{ t: "neq", v: "abc123", vt: "str" }])), [
      requestCompareKind("query", "token"),
    ]);
    assert.deepEqual(scanNode(sw('req.headers["x-api-key"]', [{ t: "cont", v: "k3yValue9", vt: "str" }])), [
      requestCompareKind("header", "x-api-key"),
    ]);
    assert.deepEqual(scanNode(sw("req.headers.authorization", [{ t: "regex", v: "^Sunflower-Garden$", vt: "str" }])), [
      header,
    ]);
    const jsonata = sw('req.headers.authorization = "Sunflower-Garden-77"', [{ t: "true" }], {
      propertyType: "jsonata",
    });
    assert.deepEqual(scanNode(jsonata), [header]);
    // From outside, a passwordy payload is request data too.
    const payload = sw("payload", [{ t: "eq", v: "Sunflower-Garden-77", vt: "str" }]);
    assert.deepEqual(scanNode(payload), []);
    assert.deepEqual(scanNode(payload, { fromOutside: true }), [requestCompareKind("payload", undefined)]);
    // Not secrets: values from the environment, ordinary words, content types, real patterns.
    assert.deepEqual(scanNode(sw("req.headers.authorization", [{ t: "eq", v: "PASS", vt: "env" }])), []);
    assert.deepEqual(scanNode(sw("req.query.mode", [{ t: "eq", v: "on", vt: "str" }, { t: "else" }])), []);
    assert.deepEqual(scanNode(sw("req.headers.content-type", [{ t: "eq", v: "application/json", vt: "str" }])), []);
    assert.deepEqual(scanNode(sw("req.headers.authorization", [{ t: "regex", v: "^Bearer .+$", vt: "str" }])), []);
  });

  it("finds change nodes that test request properties against fixed strings", () => {
    const change = (rule: Record<string, unknown>): Record<string, unknown> => ({
      id: "c",
      type: "change",
      rules: [rule],
    });
    const header = requestCompareKind("header", "authorization");
    assert.deepEqual(
      scanNode(
        change({
          t: "set",
          p: "ok",
          pt: "msg",
          to: 'req.headers.authorization = "Sunflower-Garden-77"',
          tot: "jsonata",
        }),
      ),
      [header],
    );
    assert.deepEqual(
      scanNode(
        change({
          t: "change",
          p: "req.headers.authorization",
          pt: "msg",
          from: "Sunflower-Garden-77",
          fromt: "str",
          to: "ok",
          tot: "str",
        }),
      ),
      [header],
    );
    assert.deepEqual(
      scanNode(
        change({ t: "set", p: "ok", pt: "msg", to: "req.headers.authorization = $env('PASS')", tot: "jsonata" }),
      ),
      [],
    );
    assert.deepEqual(
      scanNode(
        change({
          t: "change",
          p: "payload",
          pt: "msg",
          from: "Sunflower-Garden-77",
          fromt: "str",
          to: "x",
          tot: "str",
        }),
      ),
      [],
    );
  });
});
