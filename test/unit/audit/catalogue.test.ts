import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";
import { RULES, ruleTexts } from "../../../src/audit";

describe("rule catalogue", () => {
  it("holds every rule file of src/audit/rules, once", async () => {
    const dir = join(__dirname, "../../../src/audit/rules");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "common.ts");
    const loaded = await Promise.all(
      files.map(async (f) => ((await import(join(dir, f))) as { default: { id: string } }).default.id),
    );
    assert.deepEqual([...loaded].sort(), RULES.map((r) => r.id).sort());
  });

  it("has unique, stable-looking ids and complete texts", () => {
    const ids = new Set<string>();
    for (const rule of RULES) {
      assert.match(rule.id, /^NRS-[A-Z]+-\d{3}$/);
      assert.ok(!ids.has(rule.id), `duplicate ${rule.id}`);
      ids.add(rule.id);
      const texts = ruleTexts(rule);
      assert.ok(texts.title.length > 10 && texts.passTitle.length > 10, rule.id);
      const sentences = texts.why.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 0);
      assert.ok(sentences.length >= 2, `${rule.id}: why should be two or three sentences`);
      assert.ok(texts.fix.length >= 1 && texts.fix.every((step) => step.length > 10), rule.id);
      assert.match(rule.docs, /^https:\/\/nodered\.org\/docs\//, rule.id);
      assert.ok(rule.settingsKeys.length >= 1, rule.id);
    }
  });

  it("writes snippets as settings.js properties that parse as JavaScript", () => {
    for (const rule of RULES) {
      if (rule.snippet === undefined) continue;
      const code = rule.snippet.replace(/\{\{HASH\}\}/g, "$2b$12$x").replace(/\{\{SECRET\}\}/g, "s");
      // Compiled, not run: a syntax error throws here.
      assert.doesNotThrow(() => new Script(`module.exports = {\n${code}\n};`), rule.id);
    }
  });
});
