import assert from "node:assert/strict";
import {
  isOrdinaryField,
  isSecretLiteral,
  looksRandom,
  requestCompareKind,
  strengthOf,
} from "../../../../src/audit/flows/secret-words";

describe("what counts as a written-in password", () => {
  it("rates names: secret names and auth headers, key-like names, anything else", () => {
    for (const n of [
      "password",
      "pass",
      "pwd",
      "token",
      "x-api-key",
      "apiKey",
      "authorization",
      "auth",
      "pin",
      "session",
    ]) {
      assert.equal(strengthOf([n]), "secret", n);
    }
    for (const n of ["key", "code", "signature", "x-hmac"]) assert.equal(strengthOf([n]), "weak", n);
    for (const n of ["mode", "format", "user-agent", "monkey", "bypass", ""]) assert.equal(strengthOf([n]), "other", n);
  });

  it("counts any fixed string against a secret name, but not scheme words, masks or placeholders", () => {
    for (const v of ["1234", "hunter2", "Sunflower-Garden-77", "Bearer abc", "changeme"]) {
      assert.ok(isSecretLiteral("secret", v), v);
    }
    for (const v of [
      "",
      "Basic ",
      "Bearer",
      "****",
      "{{token}}",
      "${TOKEN}",
      "undefined",
      "string",
      "application/json",
    ]) {
      assert.ok(!isSecretLiteral("secret", v), v);
    }
  });

  it("asks more of key-like names, and a random look of anything else", () => {
    assert.ok(isSecretLiteral("weak", "K3y-for-door"));
    assert.ok(!isSecretLiteral("weak", "enter"));
    assert.ok(!isSecretLiteral("weak", "escape"));
    for (const v of ["Sunflower-Garden-77", "Tr0ub4dor&3", "Zq8-Lm2-Xr5"]) assert.ok(looksRandom(v), v);
    for (const v of ["advanced", "sensor12", "application/json", "Mozilla/5.0", "2024-01-31", "1.2.3-beta", "on"]) {
      assert.ok(!looksRandom(v), v);
    }
  });

  it("knows fields that name things rather than hold secrets", () => {
    for (const [f, header] of [
      ["Content-Type", true],
      ["x-forwarded-for", true],
      ["deviceId", false],
      ["room_name", false],
      ["mode", false],
    ] as const) {
      assert.ok(isOrdinaryField(f, header), f);
    }
    for (const [f, header] of [
      ["x-door", true],
      ["authorization", true],
      ["q", false],
      ["host", false],
    ] as const) {
      assert.ok(!isOrdinaryField(f, header), f);
    }
  });

  it("names the request field in the finding, without quotes or control characters", () => {
    assert.match(requestCompareKind("header", "authorization"), /^compares the request's "authorization" header/);
    assert.match(requestCompareKind("query", 'to"k\u0000en'), /query parameter "token"/);
    assert.match(requestCompareKind("payload", undefined), /^compares the incoming payload with/);
  });
});
