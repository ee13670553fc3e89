// The rule files hold no English for people: every text a finding shows is a message key into
// locales/<lang>/findings.json. What may stay: ids, settings.js snippets, node types and code.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const RULES_DIR = join(__dirname, "..", "..", "..", "src", "audit", "rules");

/** Words a person reads: two letters, a space, a letter ("a login", "is not writable"). */
const WORDS = /[A-Za-z][,.:;!?)]?\s+[(A-Za-z"'`]/;

/** Texts that are code, not words: Node-RED node types as flows.json names them. */
const NODE_TYPES = /^(http (in|request|response)|websocket (in|out)|tcp in|udp in|mqtt in)$/;

function literalParts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return [];
}

/** Whether a literal is a settings.js snippet, a docs link, an id, an import, CSS or an element's classes. */
function isCode(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p !== undefined; p = p.parent as ts.Node | undefined) {
    if (ts.isImportDeclaration(p)) return true;
    if (ts.isPropertyAssignment(p) && ["snippet", "docs", "id", "class"].includes(p.name.getText())) return true;
    if (ts.isVariableDeclaration(p) && /SNIPPET|^STYLES$/i.test(p.name.getText())) return true;
    if (ts.isFunctionDeclaration(p) && /snippet/i.test(p.name?.getText() ?? "")) return true;
  }
  return false;
}

export function englishIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const parts = literalParts(node);
    if (parts.length > 0) {
      const text = parts.join("");
      if (parts.some((p) => WORDS.test(p) && !NODE_TYPES.test(p.replace(/^[\s→]+/, ""))) && !isCode(node)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file.split("/").pop() ?? file}:${String(line)} ${text.slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("rule files", () => {
  const files = readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .map((f) => join(RULES_DIR, f));

  it("leave no English text in the rule files: titles, why, fix and details are message keys", () => {
    assert.ok(files.length >= 40, `only ${String(files.length)} rule files`);
    assert.deepEqual(files.flatMap(englishIn), []);
  });

  it("notices English when a rule file has some (the check can fail)", () => {
    const probe = join(__dirname, "fixtures", "english-rule.ts.txt");
    assert.deepEqual(
      englishIn(probe).map((l) => l.replace(/^[^ ]+ /, "")),
      ["The editor has no login", "a login", "Listening on "],
    );
  });

  it("leave no English in the Security tab's HTTPS section, the certificate checks or the kinds of secret", () => {
    const src = join(__dirname, "..", "..", "..", "src");
    const others = ["editor/https-panel.ts", "tls/check-pair.ts", "tls/enable.ts", "audit/flows/secret-words.ts"];
    assert.deepEqual(
      others.flatMap((f) => englishIn(join(src, f))),
      [],
    );
  });
});
