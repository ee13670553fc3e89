// How a language is chosen (Accept-Language, LANG) and that a report really comes out in it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectFacts, runAudit } from "../../../src/audit";
import {
  interpolate,
  languageFromAcceptLanguage,
  languageFromEnvironment,
  matchLanguage,
} from "../../../src/i18n/catalog";
import { runCli } from "../../support/cli";

describe("languages", () => {
  it("matches language tags to the shipped languages", () => {
    assert.equal(matchLanguage("de-DE"), "de");
    assert.equal(matchLanguage("ja_JP.UTF-8"), "ja");
    assert.equal(matchLanguage("en"), "en-US");
    assert.equal(matchLanguage("EN-gb"), "en-US");
    assert.equal(matchLanguage("fr"), undefined);
    assert.equal(matchLanguage(""), undefined);
    assert.equal(matchLanguage(["de"]), undefined);
  });

  it("picks the best shipped language of an Accept-Language header, honouring q-values", () => {
    assert.equal(languageFromAcceptLanguage("ja"), "ja");
    assert.equal(languageFromAcceptLanguage("fr-CH, fr;q=0.9, de;q=0.7, ja;q=0.8"), "ja");
    assert.equal(languageFromAcceptLanguage("de;q=0.1, ja;q=0"), "de");
    assert.equal(languageFromAcceptLanguage("fr, es"), "en-US");
    assert.equal(languageFromAcceptLanguage("*"), "en-US");
    assert.equal(languageFromAcceptLanguage(undefined), "en-US");
    assert.equal(languageFromAcceptLanguage("de;q=oops, ja"), "ja");
    assert.equal(languageFromAcceptLanguage(`${"x,".repeat(600)}de`), "en-US");
  });

  it("reads a terminal's language from LC_ALL, LC_MESSAGES and LANG, in that order", () => {
    assert.equal(languageFromEnvironment({ LANG: "de_DE.UTF-8" }), "de");
    assert.equal(languageFromEnvironment({ LC_ALL: "ja_JP.UTF-8", LANG: "de_DE.UTF-8" }), "ja");
    assert.equal(languageFromEnvironment({ LC_MESSAGES: "de_AT", LANG: "ja_JP" }), "de");
    assert.equal(languageFromEnvironment({ LANG: "C.UTF-8" }), "en-US");
    assert.equal(languageFromEnvironment({ LC_ALL: "C", LANG: "de_DE" }), "en-US");
    assert.equal(languageFromEnvironment({ LANG: "fr_FR.UTF-8" }), "en-US");
    assert.equal(languageFromEnvironment({}), "en-US");
  });

  it("fills placeholders and leaves unknown ones", () => {
    assert.equal(interpolate("__a__ and __b__", { a: "1" }), "1 and __b__");
  });

  it("words a whole report in German or Japanese, keeping hosts, ports and snippets as they are", async () => {
    const facts = await collectFacts({ uiHost: "0.0.0.0", uiPort: 1880 }, { source: "settings-file" });
    const english = runAudit(facts);
    const german = runAudit(facts, undefined, undefined, "de");
    const japanese = runAudit(facts, undefined, undefined, "ja");
    const admin = (r: typeof english) => r.findings.find((f) => f.id === "NRS-ADMIN-001");
    assert.equal(admin(english)?.title, "The editor has no login");
    assert.equal(admin(german)?.title, "Der Editor hat keine Anmeldung");
    assert.equal(admin(japanese)?.title, "エディタにログインがありません");
    assert.deepEqual(admin(german)?.details, ["Lauscht auf 0.0.0.0:1880: von anderen Rechnern erreichbar."]);
    assert.equal(admin(japanese)?.snippet, admin(english)?.snippet);
    assert.match(admin(japanese)?.fix[0] ?? "", /「パスワードのハッシュ化」/);
    // Same findings, same order, same score: only the words differ.
    assert.deepEqual(
      german.findings.map((f) => [f.id, f.severity, f.penalty]),
      english.findings.map((f) => [f.id, f.severity, f.penalty]),
    );
    assert.equal(german.score, english.score);
    // Nothing untranslated slips through as a bare key.
    const text = JSON.stringify([german.findings, japanese.findings]);
    assert.doesNotMatch(text, /"(NRS-[A-Z]+-\d{3}|common|dashboard-doors|report)\.[A-Za-z]/);
  });

  describe("command line", function () {
    this.timeout(60_000);

    let dir = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "nrs-i18n-"));
      writeFileSync(join(dir, "settings.js"), "module.exports = {};\n");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("prints its text report in the terminal's language; JSON stays English", async () => {
      const de = await runCli(["audit", dir, "--fail-on", "none"], undefined, { LANG: "de_DE.UTF-8", LC_ALL: "" });
      assert.equal(de.code, 0, de.stderr);
      assert.match(de.stdout, /Note [A-F][+-]? {2}\(Punkte \d+\/100\)/);
      assert.match(de.stdout, /KRITISCH {2}NRS-ADMIN-001 {2}Der Editor hat keine Anmeldung/);
      assert.match(de.stdout, /Warum: /);
      const ja = await runCli(["--help"], undefined, { LANG: "", LC_ALL: "ja_JP.UTF-8" });
      assert.match(ja.stdout, /^使い方: node-red-contrib-security <コマンド>/);
      const json = await runCli(["audit", dir, "--format", "json", "--fail-on", "none"], undefined, {
        LANG: "de_DE.UTF-8",
        LC_ALL: "",
      });
      const hash = await runCli(["hash-pw", "--cost", "10"], "short\n", { LANG: "de_DE.UTF-8", LC_ALL: "" });
      assert.match(hash.stdout, /^\$2b\$10\$/);
      assert.match(hash.stderr, /Warnung: Das Passwort ist kürzer als 12 Zeichen\./);
      const report = JSON.parse(json.stdout) as { findings: { id: string; title: string }[] };
      assert.equal(report.findings.find((f) => f.id === "NRS-ADMIN-001")?.title, "The editor has no login");
    });
  });
});
