// The restart advice after a settings.js edit, as both Security-tab panels (HTTPS, editor login) word it.
import assert from "node:assert/strict";
import { restartText } from "../../../src/editor/restart-text";
import { type Language, translator } from "../../../src/i18n/catalog";
import { restartAdvice } from "../../../src/settings-file/restart";

function sidebar(lang: Language) {
  const say = translator("security-sidebar.json", lang, "plugins/locales");
  return (key: string, options: Record<string, unknown> = {}): string =>
    say({ key, params: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])) });
}

const pm2 = restartAdvice({ env: { pm_id: "0", name: "node-red" }, exists: () => false, read: () => undefined });

describe("restart advice in the editor's language (src/editor/restart-text)", () => {
  it("says in English what the server's own text says, for each kind of restart", () => {
    const probes = [
      pm2,
      restartAdvice({ env: { HOSTNAME: "box" }, exists: (p) => p === "/.dockerenv", read: () => undefined }),
      restartAdvice({ env: {}, exists: () => false, read: () => undefined }),
    ];
    for (const advice of probes) assert.equal(restartText(sidebar("en-US"), advice), advice.text, advice.kind);
  });

  it("speaks German and Japanese, keeping the command as it is", () => {
    assert.ok(restartText(sidebar("de"), pm2).includes("„pm2 restart node-red“"));
    assert.notEqual(restartText(sidebar("de"), pm2), pm2.text);
    assert.notEqual(restartText(sidebar("ja"), pm2), pm2.text);
    assert.ok(restartText(sidebar("ja"), pm2).includes("pm2 restart node-red"));
  });

  it("falls back to the server's text for a kind it does not know", () => {
    assert.equal(restartText(sidebar("de"), { kind: "launchd", text: "Restart it." }), "Restart it.");
  });
});
