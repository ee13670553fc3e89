import assert from "node:assert/strict";
import {
  KIND,
  isOrdinaryField,
  isSecretLiteral,
  kindMessage,
  looksRandom,
  plainEnvKind,
  requestCompareKind,
  strengthOf,
} from "../../../../src/audit/flows/secret-words";
import { translator, type Language } from "../../../../src/i18n/catalog";

/** A kind of secret in words, as NRS-FLOW-003's details show it. */
const words = (kind: string, lang: Language = "en-US"): string => translator("findings.json", lang)(kindMessage(kind));

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
    assert.equal(
      words(requestCompareKind("header", "authorization")),
      `compares the request's "authorization" header with a fixed password or key (a home-made login: no hashing, no lockout)`,
    );
    assert.match(words(requestCompareKind("query", 'to"k\u0000en')), /query parameter "token"/);
    assert.match(words(requestCompareKind("payload", undefined)), /^compares the incoming payload with/);
  });

  it("words every kind of secret in German and Japanese too, keeping the field's name", () => {
    assert.equal(
      words(requestCompareKind("header", "authorization"), "de"),
      "vergleicht den Header „authorization“ der Anfrage mit einem festen Passwort oder Schlüssel " +
        "(eine selbstgebaute Anmeldung: kein Hashing, keine Sperre nach Fehlversuchen)",
    );
    assert.match(words(plainEnvKind("API_TOKEN"), "ja"), /^環境変数「API_TOKEN」に固定の文字列/);
    for (const kind of [
      ...Object.values(KIND),
      requestCompareKind("cookie", "sid"),
      requestCompareKind("body", undefined),
    ])
      for (const lang of ["de", "ja"] as const) {
        const text = words(kind, lang);
        assert.ok(!/secret-kinds|__/.test(text), text);
        assert.notEqual(text, words(kind));
      }
  });
});
