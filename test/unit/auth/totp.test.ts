// TOTP with a fixed clock: right codes once, skew of one step either way, replays and old codes
// refused; recovery codes one-time and stored only as hashes.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  TOTP_PERIOD,
  TotpChecker,
  makeRecoveryCodes,
  makeTotpSecret,
  matchRecoveryCode,
  otpauthUri,
  totpCode,
} from "../../../src/auth/totp";

describe("TOTP second factor", () => {
  const secret = makeTotpSecret();
  let nowMs = 1_800_000_000_000;
  const checker = (): TotpChecker => new TotpChecker({ now: () => nowMs });
  const at = (offsetSteps: number): string => totpCode(secret, nowMs / 1000 + offsetSteps * TOTP_PERIOD);

  beforeEach(() => {
    nowMs = 1_800_000_000_000;
  });

  it("makes a base32 secret and an otpauth URI an authenticator app reads", () => {
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri("Node-RED home", "anna", secret));
    assert.equal(uri.protocol, "otpauth:");
    assert.equal(uri.host, "totp");
    assert.equal(uri.searchParams.get("secret"), secret);
    assert.equal(uri.searchParams.get("issuer"), "Node-RED home");
    assert.match(decodeURIComponent(uri.pathname), /Node-RED home:anna$/);
  });

  it("accepts the current code once, and refuses it the second time", async () => {
    const totp = checker();
    const code = at(0);
    assert.equal(await totp.check("anna", secret, code), true);
    assert.equal(await totp.check("anna", secret, code), false, "a replayed code was accepted");
  });

  it("allows one step of clock skew either way, not two", async () => {
    assert.equal(await checker().check("anna", secret, at(-1)), true);
    assert.equal(await checker().check("anna", secret, at(1)), true);
    assert.equal(await checker().check("anna", secret, at(-2)), false);
    assert.equal(await checker().check("anna", secret, at(2)), false);
  });

  it("refuses an older code once a newer one was used", async () => {
    const totp = checker();
    const older = at(-1);
    assert.equal(await totp.check("anna", secret, at(0)), true);
    assert.equal(await totp.check("anna", secret, older), false);
    nowMs += TOTP_PERIOD * 1000;
    assert.equal(await totp.check("anna", secret, at(0)), true, "the next step's code works");
  });

  it("keeps users apart, and refuses malformed codes and wrong secrets", async () => {
    const totp = checker();
    const code = at(0);
    assert.equal(await totp.check("anna", secret, code), true);
    assert.equal(await totp.check("ben", secret, code), true, "one user's code does not block another");
    for (const bad of ["", "12345", "1234567", "abcdef", "12 34 5x"]) {
      assert.equal(await totp.check("carl", secret, bad), false, bad);
    }
    assert.equal(await totp.check("dora", makeTotpSecret(), at(0)), false);
    assert.equal(await totp.check("emil", "", at(0)), false);
  });

  it("accepts a code typed with a space in the middle", async () => {
    const code = at(0);
    assert.equal(await checker().check("anna", secret, `${code.slice(0, 3)} ${code.slice(3)}`), true);
  });
});

describe("recovery codes", () => {
  it("are random, stored as hashes, and each matches once", () => {
    const { codes, hashes } = makeRecoveryCodes(10);
    assert.equal(new Set(codes).size, 10);
    // Six groups of four easy-to-read characters: 24 × log2(31) ≈ 119 bits, at least the 112 of ASVS 2.6.2.
    for (const code of codes) assert.match(code, /^[a-hjkmnp-z2-9]{4}(?:-[a-hjkmnp-z2-9]{4}){5}$/);
    assert.ok(24 * Math.log2(31) >= 112);
    assert.ok(!hashes.some((h) => codes.some((c) => h.includes(c.replace(/-/g, "")))), "a hash holds its code");
    const stored = [...hashes];
    const index = matchRecoveryCode(stored, codes[3] ?? "");
    assert.equal(index, 3);
    stored.splice(index, 1);
    assert.equal(matchRecoveryCode(stored, codes[3] ?? ""), -1, "a used code matched again");
    assert.equal(matchRecoveryCode(stored, (codes[4] ?? "").toUpperCase().replace(/-/g, " ")), 3);
    assert.equal(matchRecoveryCode(stored, "nope-nope1"), -1);
  });

  it("uses every character of the alphabet about equally (no modulo bias)", () => {
    const { codes } = makeRecoveryCodes(400);
    const counts = new Map<string, number>();
    for (const c of codes.join("").replace(/-/g, "")) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 31);
    // 9,600 characters over 31: about 310 each; a biased draw gives the first ones ~25 % more.
    for (const [c, n] of counts) assert.ok(n > 220 && n < 400, `${c}: ${String(n)}`);
  });

  it("still accepts codes made by older versions (ten characters, stored the same way)", () => {
    const old = "abcde-fgh23";
    const stored = [createHash("sha256").update("abcdefgh23").digest("hex")];
    assert.equal(matchRecoveryCode(stored, old), 0);
    assert.equal(matchRecoveryCode(stored, "ABCDE FGH23"), 0);
  });
});
