import assert from "node:assert/strict";
import rule from "../../../../src/audit/rules/http-basic-auth-weak";
import { judge } from "../../../support/audit";
import { CHEAP_8, STRONG_MD5, STRONG_12, TEMPLATE_HASH } from "../../../support/hashes";

describe("NRS-HTTP-002 weak Basic-auth password", () => {
  it("is critical for the template hash", async () => {
    const f = await judge(rule, { httpNodeAuth: { user: "user", pass: TEMPLATE_HASH } });
    assert.equal(f?.severity, "critical");
    assert.match(f.details?.[0] ?? "", /^httpNodeAuth: the password is "password"/);
  });

  it("is high for legacy MD5 and medium for a cheap bcrypt, keeping the worst", async () => {
    const f = await judge(rule, {
      httpNodeAuth: { user: "u", pass: STRONG_MD5 },
      httpStaticAuth: { user: "u", pass: CHEAP_8 },
      httpStatic: "/srv/www",
    });
    assert.equal(f?.severity, "high");
    assert.deepEqual(f.details, [
      "httpNodeAuth: a legacy MD5 hash (cracked in seconds)",
      "httpStaticAuth: bcrypt cost 8",
    ]);
  });

  it("is high for a broken httpNodeAuth", async () => {
    assert.equal((await judge(rule, { httpNodeAuth: { pass: STRONG_12 } }))?.severity, "high");
  });

  it("passes strong bcrypt hashes and is silent without Basic auth", async () => {
    assert.equal((await judge(rule, { httpNodeAuth: { user: "u", pass: STRONG_12 } }))?.severity, "pass");
    assert.equal(await judge(rule, {}), undefined);
    assert.equal(await judge(rule, { httpNodeAuth: () => undefined }), undefined);
  });
});
