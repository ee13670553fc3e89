import assert from "node:assert/strict";
import fc from "fast-check";
import { matchBrackets, tokenize } from "../../../../src/audit/flows/js-tokens";

const shape = (code: string): string[] => tokenize(code).map((t) => `${t.type}:${t.value}`);

describe("the function-code tokenizer", () => {
  it("tells strings, templates, comments and regexes apart from code", () => {
    assert.deepEqual(shape(`a === "x\\"y" // c === "d"`), ["name:a", "punct:===", 'string:x"y', 'comment: c === "d"']);
    assert.deepEqual(shape("/* a */ b = 'c'"), ["comment: a ", "name:b", "punct:=", "string:c"]);
    assert.deepEqual(shape("x = a / b / c"), ["name:x", "punct:=", "name:a", "punct:/", "name:b", "punct:/", "name:c"]);
    assert.deepEqual(shape('if (/a="b"/.test(s))').slice(2, 3), ['regex:a="b"']);
    assert.deepEqual(shape("return /[/]x/g"), ["name:return", "regex:[/]x"]);
  });

  it("reads template literals, with code inside ${…}", () => {
    const tokens = tokenize("`a${ { b: 1 }.b }c` + `plain`");
    assert.deepEqual(
      tokens.map((t) => [t.type, t.value, t.dynamic]),
      [
        ["template", "a", true],
        ["punct", "{", false],
        ["name", "b", false],
        ["punct", ":", false],
        ["number", "1", false],
        ["punct", "}", false],
        ["punct", ".", false],
        ["name", "b", false],
        ["template", "c", true],
        ["punct", "+", false],
        ["template", "plain", false],
      ],
    );
  });

  it("marks line breaks and pairs brackets", () => {
    const tokens = tokenize("a\n(b[c])");
    assert.deepEqual(
      tokens.map((t) => t.newline),
      [false, true, false, false, false, false, false],
    );
    assert.deepEqual([...matchBrackets(tokens)], [-1, 6, -1, 5, -1, 3, 1]);
  });

  it("never throws and always ends, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const tokens = tokenize(s);
        assert.ok(tokens.length <= s.length);
        matchBrackets(tokens);
      }),
      { numRuns: 500 },
    );
  });
});
