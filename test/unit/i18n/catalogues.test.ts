// Every shipped language has every text: the same keys as en-US, no more, the same placeholders, nothing empty;
// and every message key a rule names exists in the en-US findings catalogue.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { REASON_TEXT } from "../../../src/auth/decision";
import { LANGUAGES } from "../../../src/i18n/catalog";

const ROOT = join(__dirname, "..", "..", "..");

/** The catalogue files of en-US, by folder (locales, nodes/locales, plugins/locales). */
const CATALOGUES = ["locales", "nodes/locales", "plugins/locales"].flatMap((folder) =>
  readdirSync(join(ROOT, folder, "en-US")).map((file) => ({ folder, file })),
);

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8")) as unknown;
}

/** Leaf texts by dotted key (array items as key.0, key.1…). */
function leaves(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix === "" ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Placeholders of a text: __name__ (Node-RED, this package), {{name}} (snippets), <code> and other tags. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/__[A-Za-z0-9]+?__|\{\{\w+\}\}/g)].map((m) => m[0]).sort();
}

describe("locale catalogues", () => {
  it("ships en-US, de and ja", () => {
    assert.deepEqual([...LANGUAGES], ["en-US", "de", "ja"]);
    assert.ok(CATALOGUES.length >= 7, CATALOGUES.map((c) => `${c.folder}/${c.file}`).join(", "));
  });

  for (const { folder, file } of CATALOGUES) {
    const english = join(ROOT, folder, "en-US", file);
    for (const lang of LANGUAGES.filter((l) => l !== "en-US")) {
      const path = join(ROOT, folder, lang, file);
      if (file.endsWith(".json")) {
        it(`${folder}/${lang}/${file} has exactly the keys and placeholders of en-US`, () => {
          assert.ok(existsSync(path), `${path} is missing`);
          const en = leaves(readJson(english));
          const other = leaves(readJson(path));
          assert.deepEqual(
            [...other.keys()].filter((k) => !en.has(k)),
            [],
            "keys en-US does not have",
          );
          assert.deepEqual(
            [...en.keys()].filter((k) => !other.has(k)),
            [],
            "keys missing",
          );
          for (const [key, text] of en) {
            const translated = other.get(key);
            assert.equal(typeof translated, "string", `${key} is not a text`);
            assert.ok((translated as string).trim() !== "", `${key} is empty`);
            assert.deepEqual(
              placeholders(translated as string),
              placeholders(text as string),
              `placeholders of ${key}`,
            );
          }
        });
      } else {
        it(`${folder}/${lang}/${file} is help for the same node, with the same code and headings`, () => {
          assert.ok(existsSync(path), `${path} is missing`);
          const en = readFileSync(english, "utf8");
          const other = readFileSync(path, "utf8");
          const help = (html: string): string | undefined => /data-help-name="([^"]+)"/.exec(html)?.[1];
          assert.equal(help(other), help(en));
          const count = (html: string, re: RegExp): number => html.match(re)?.length ?? 0;
          for (const re of [/<h3\b/g, /<dt\b/g, /<li\b/g, /<code\b/g])
            assert.equal(count(other, re), count(en, re), String(re));
          // Written for its readers, not left in English: the first paragraph differs.
          assert.notEqual(/<p>(.*?)<\/p>/s.exec(other)?.[1], /<p>(.*?)<\/p>/s.exec(en)?.[1]);
        });
      }
    }
  }

  it("is not a copy of the English: most texts of each language differ from en-US", () => {
    for (const { folder, file } of CATALOGUES.filter((c) => c.file.endsWith(".json"))) {
      const en = leaves(readJson(join(ROOT, folder, "en-US", file)));
      for (const lang of ["de", "ja"]) {
        const other = leaves(readJson(join(ROOT, folder, lang, file)));
        const same = [...en].filter(([k, v]) => other.get(k) === v && /[a-z]{3,} [a-z]{3,}/.test(String(v)));
        assert.ok(
          same.length <= en.size / 10,
          `${folder}/${lang}/${file}: still English: ${same.map(([k]) => k).join(", ")}`,
        );
      }
    }
  });

  it("holds every message key the rule files name", () => {
    const findings = leaves(readJson(join(ROOT, "locales", "en-US", "findings.json")));
    const groups = new Set([...findings.keys()].map((k) => k.split(".")[0]));
    const dirs = [join(ROOT, "src", "audit", "rules"), join(ROOT, "src", "audit"), join(ROOT, "src", "audit", "flows")];
    let named = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
        const source = ts.createSourceFile(f, readFileSync(join(dir, f), "utf8"), ts.ScriptTarget.Latest, true);
        const makers = new Map<string, string>();
        const visit = (node: ts.Node): void => {
          if (
            ts.isVariableDeclaration(node) &&
            node.initializer &&
            ts.isCallExpression(node.initializer) &&
            node.initializer.expression.getText() === "messages"
          ) {
            const group = node.initializer.arguments[0];
            if (group && ts.isStringLiteral(group)) makers.set(node.name.getText(), group.text);
          }
          if (ts.isCallExpression(node)) {
            const group = makers.get(node.expression.getText());
            const key = node.arguments[0];
            if (group !== undefined && key) {
              assert.ok(groups.has(group), `${f}: group ${group} is not in findings.json`);
              if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) {
                named++;
                assert.ok(findings.has(`${group}.${key.text}`), `${f}: ${group}.${key.text} is not in findings.json`);
              }
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
    assert.ok(named > 300, `only ${String(named)} keys found: is the scan still reading the rule files?`);
  });

  it("words the gate's refusals under the node as the HTTP answers say them in English", () => {
    const gate = readJson(join(ROOT, "nodes", "locales", "en-US", "auth-gate.json")) as {
      "auth-gate": { reason: Record<string, string> };
    };
    assert.deepEqual(gate["auth-gate"].reason, REASON_TEXT);
  });
});
