// The input rules shared by the editor and the runtime: the rules themselves, and that the node
// dialogs (their .html run against the bundle the editor loads) accept exactly what the runtime does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import fc from "fast-check";
import { GateConfigError, normalisePath } from "../../../src/auth/gate-paths";
import { validateCost } from "../../../src/auth/hash-password";
import { currentUsers, users } from "../../../src/middleware/users-source";
import { parseUserImport } from "../../../src/auth/import-users";
import {
  DEFAULT_BCRYPT_COST,
  MAX_BCRYPT_COST,
  MIN_BCRYPT_COST,
  hasDistinctUserNames,
  isBcryptCost,
  isGatePath,
  userName,
} from "../../../src/shared/validate";
import { ROOT } from "../../support/cli";
import { STRONG_10 } from "../../support/hashes";

type Validate = (this: unknown, value: unknown) => unknown;
type Defaults = Record<string, { validate?: Validate }>;

/** The node definitions of `files`, as the editor registers them, with the validators bundle loaded. */
async function editorDefinitions(...files: string[]): Promise<Record<string, Defaults>> {
  const bundle = await build({
    entryPoints: [join(ROOT, "src", "shared", "validate.ts")],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "NodeRedContribSecurityValidate",
    platform: "browser",
    target: ["es2019"],
    logLevel: "warning",
  });
  const defaults: Record<string, Defaults> = {};
  const RED = {
    nodes: {
      registerType: (type: string, def: { defaults: Defaults }) => (defaults[type] = def.defaults),
      filterLinks: () => [],
    },
    validators: { number: () => () => true },
  };
  // The dialog's own bundle (run in Chromium by test/browser/auth-users-dialog.test.ts); the .html calls it at load.
  const NodeRedContribSecurityAuthUsers = { watchLateSaves: () => undefined };
  const page: Record<string, unknown> = { RED, NodeRedContribSecurityAuthUsers };
  page.window = page;
  createContext(page);
  runInContext(bundle.outputFiles[0]!.text, page);
  for (const file of files) {
    const html = readFileSync(join(ROOT, "nodes", file), "utf8");
    const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1];
    assert.ok(script, `${file} has no inline script`);
    runInContext(script, page);
  }
  return defaults;
}

function runtimeTakesPath(path: string): boolean {
  try {
    normalisePath(path, "scope");
    return true;
  } catch (err) {
    assert.ok(err instanceof GateConfigError);
    return false;
  }
}

function runtimeTakesCost(cost: unknown): boolean {
  try {
    validateCost(cost);
    return true;
  } catch {
    return false;
  }
}

// Paths made of the characters that matter to the rule, so refusals and acceptances are both common.
const pathLike = fc.string({ unit: fc.constantFrom("/", "a", "B", "-", ".", " ", "\t", "?", "#", "\\", "é", ":") });

describe("shared input rules", () => {
  it("takes plain absolute paths and refuses the rest", () => {
    for (const ok of ["/", "/api", "/api/v1/", "/dashboard/page1", "/ui.x-y_z", "/:id"]) assert.ok(isGatePath(ok), ok);
    for (const bad of ["", "api", " /api", "/a b", "/a?b", "/a#b", "/a\\b", "//", "/a//b", undefined, 5]) {
      assert.equal(isGatePath(bad), false, String(bad));
    }
  });

  it("takes whole bcrypt costs from 10 to 15 only", () => {
    assert.deepEqual([MIN_BCRYPT_COST, DEFAULT_BCRYPT_COST, MAX_BCRYPT_COST], [10, 12, 15]);
    for (const ok of [10, 12, 15]) assert.ok(isBcryptCost(ok));
    for (const bad of [9, 16, 12.5, Number.NaN, "12", null]) assert.equal(isBcryptCost(bad), false, String(bad));
  });

  it("trims user names and wants distinct, non-empty ones in a list", () => {
    assert.equal(userName("  ann "), "ann");
    assert.equal(userName(7), "");
    assert.ok(hasDistinctUserNames([{ username: "ann" }, { username: "ben" }]));
    assert.equal(hasDistinctUserNames([{ username: "ann" }, { username: " ann" }]), false);
    assert.equal(hasDistinctUserNames([{ username: "  " }]), false);
    assert.equal(hasDistinctUserNames([null]), false);
    assert.equal(hasDistinctUserNames("ann"), false);
  });

  describe("the editor and the runtime agree", () => {
    let gate: Defaults;
    let usersNode: Defaults;

    before(async function () {
      this.timeout(20_000);
      const defs = await editorDefinitions("auth-gate.html", "auth-users.html");
      gate = defs["auth-gate"]!;
      usersNode = defs["auth-users"]!;
    });

    function editorTakes(defaults: Defaults, prop: string, value: unknown): boolean {
      const validate = defaults[prop]?.validate;
      assert.ok(validate, `no validator for ${prop}`);
      return validate.call({ _: (key: string) => key }, value) === true;
    }

    it("on gate paths: the dialog accepts a path exactly when a deployed gate does", () => {
      fc.assert(
        fc.property(pathLike, (path) => {
          const editor = editorTakes(gate, "scope", path);
          assert.equal(editor, isGatePath(path));
          // The runtime trims what it is given; the dialog takes the value as typed.
          if (path === path.trim()) assert.equal(runtimeTakesPath(path), editor, JSON.stringify(path));
          else if (editor) assert.ok(runtimeTakesPath(path));
          for (const prop of ["loginPath", "logoutPath"]) {
            assert.equal(editorTakes(gate, prop, path), path === "" || editor, `${prop} ${JSON.stringify(path)}`);
          }
        }),
        { numRuns: 500 },
      );
    });

    it("on bcrypt costs: the dialog accepts a cost exactly when hashing takes it", () => {
      fc.assert(
        fc.property(fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double({ min: 5, max: 20 })), (cost) => {
          assert.equal(editorTakes(usersNode, "cost", cost), runtimeTakesCost(cost), String(cost));
          assert.equal(editorTakes(usersNode, "cost", String(cost)), runtimeTakesCost(String(cost)), String(cost));
        }),
        { numRuns: 300 },
      );
    });

    it("on user names: the dialog accepts a name exactly when an import takes it", () => {
      fc.assert(
        // White space JSON writes as itself (the import reads pasted JavaScript, escapes are not its input).
        fc.property(fc.string({ unit: fc.constantFrom("a", "Z", " ", "\u00a0", "\u3000", "ü") }), (name) => {
          const editor = editorTakes(usersNode, "accounts", [{ id: "u1", username: name, roles: [] }]);
          const imported = parseUserImport(JSON.stringify([{ username: name, password: STRONG_10 }]));
          assert.ok(!(imported instanceof Error));
          assert.equal(imported.accepted.length === 1, editor, JSON.stringify(name));
          if (editor) assert.equal(imported.accepted[0]?.username, userName(name));
        }),
        { numRuns: 300 },
      );
    });

    it("on user names in settings.js lists: a blank one is refused, a padded one is trimmed", () => {
      assert.equal(editorTakes(usersNode, "accounts", [{ username: " \t" }]), false);
      const blank = currentUsers(users([{ username: " \t", password: STRONG_10 }]));
      assert.ok(blank instanceof Error);
      assert.match(blank.message, /has no username/);
      assert.ok(editorTakes(usersNode, "accounts", [{ username: " carla " }]));
      const ctx = currentUsers(users([{ username: " carla ", password: STRONG_10 }]));
      assert.ok(!(ctx instanceof Error), ctx instanceof Error ? ctx.message : "");
      assert.ok(ctx.users.find("carla"), "the padded name was not trimmed");
    });
  });
});
