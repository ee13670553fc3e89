// The auth-gate node's login words come from Node-RED's i18n (the real @node-red/util i18n, as a node's
// RED._ calls it), in the visitor's language, and from the package's catalogue for a language Node-RED has
// not loaded (it loads one only when an editor asks for it).
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redLoginText } from "../../../src/nodes/login-words";

interface NodeRedI18n {
  init(settings: { lang?: string }): void;
  registerMessageCatalog(namespace: string, dir: string, file: string): Promise<void>;
  _(key: string, options?: Record<string, unknown>): unknown;
  i: { loadLanguages(lng: string, callback: () => void): void };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { i18n } = require("@node-red/util") as { i18n: NodeRedI18n };

const NAMESPACE = "login-words-test/auth-gate";

describe("auth gate node: login page words from Node-RED's i18n", () => {
  let dir = "";
  const red = {
    // As Node-RED's registry makes RED._ for a node: its keys are in the node's namespace.
    _: (key: string, options?: Record<string, unknown>) => i18n._(`${NAMESPACE}:${key}`, options),
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "nrs-login-words-"));
    cpSync(join(__dirname, "../../../nodes/locales"), dir, { recursive: true });
    // Node-RED's copy of the catalogue says something else, so the test can tell where a text came from.
    for (const [lang, submit] of [
      ["en-US", "Into the garden"],
      ["ja", "庭へ"],
    ] as const) {
      const file = join(dir, lang, "auth-gate.json");
      const catalogue = JSON.parse(readFileSync(file, "utf8")) as { login: Record<string, string> };
      catalogue.login.submit = submit;
      writeFileSync(file, JSON.stringify(catalogue));
    }
    i18n.init({ lang: "en-US" });
    await i18n.registerMessageCatalog(NAMESPACE, dir, "auth-gate.json");
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes Node-RED's text for a language it has loaded, placeholders left for the page", () => {
    const { lang, text } = redLoginText(red)("en-US,en;q=0.9");
    assert.equal(lang, "en-US");
    assert.equal(text.submit, "Into the garden");
    assert.equal(text.username, "User name");
    assert.match(text.locked, /__minutes__/);
  });

  it("answers a Japanese browser in Japanese from the package's catalogue until Node-RED has loaded ja", async () => {
    const before = redLoginText(red)("ja-JP,ja;q=0.9,en;q=0.5");
    assert.equal(before.lang, "ja");
    assert.equal(before.text.submit, "ログイン");
    assert.equal(before.text.username, "ユーザ名");
    await new Promise<void>((resolve) => {
      i18n.i.loadLanguages("ja", resolve);
    });
    const after = redLoginText(red)("ja-JP,ja;q=0.9,en;q=0.5");
    assert.equal(after.text.submit, "庭へ");
    assert.equal(after.text.username, "ユーザ名");
  });

  it("keeps the Accept-Language choice (q-values) and falls back to English", () => {
    assert.equal(redLoginText(red)("fr-FR, ja;q=0.5, de-AT;q=0.8").lang, "de");
    assert.equal(redLoginText(red)("fr-FR, ja;q=0.5, de-AT;q=0.8").text.submit, "Anmelden");
    assert.equal(redLoginText(red)("fr-FR,fr;q=0.9").lang, "en-US");
    // A RED._ that knows nothing (as the test helper's, which answers the key) leaves the shipped words.
    assert.equal(redLoginText({ _: (key: string) => key })("de").text.submit, "Anmelden");
    assert.equal(redLoginText({})("en").text.submit, "Log in");
  });
});
