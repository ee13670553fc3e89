// The layering that eslint.config.mjs enforces (docs/architecture.md): src/auth, the decision core, imports no HTTP framework,
// no Node-RED and nothing of the layers built on it, not even types; src/gate (the HTTP layer) may.
// Linted through ESLint's own API with the repository's configuration, as `npm run lint` does.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ESLint } from "eslint";

const ROOT = join(__dirname, "..", "..");
const RULE = "@typescript-eslint/no-restricted-imports";

describe("architecture: what each part of src/ may import", function () {
  this.timeout(120_000);
  // Only the import rule runs, and without type information: the probe is parsed from the text given here.
  // (With the type-aware program the parser may hand back the file as it is on disk, probe missing.)
  const eslint = new ESLint({
    cwd: ROOT,
    ruleFilter: ({ ruleId }) => ruleId === RULE,
    overrideConfig: { languageOptions: { parserOptions: { project: false, projectService: false } } },
  });

  /** The import restrictions ESLint reports for `code` as the content of `file` (a file of the project). */
  async function restricted(code: string, file: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath: join(ROOT, file) });
    assert.ok(result);
    // Nothing but the rule's own reports: a parse error or an "ignored file" warning would make a refusal pass unseen.
    const other = result.messages.filter((m) => m.ruleId !== RULE);
    assert.deepEqual(other, [], `the probe must be linted as ${file}`);
    return result.messages.map((m) => m.message);
  }

  const CORE = "src/auth/gate-decision.ts";
  const HTTP_LAYER = "src/gate/responses.ts";

  it("refuses express, helmet, passport, Node HTTP and Node-RED in src/auth, type-only imports too", async () => {
    for (const code of [
      'import express from "express";',
      'import type { Request } from "express";',
      'import helmet from "helmet";',
      'import { Passport } from "passport";',
      'import { Strategy } from "passport-local";',
      'import type { IncomingMessage } from "node:http";',
      'import type { Store } from "express-rate-limit";',
      'import { i18n } from "@node-red/util";',
    ]) {
      const messages = await restricted(code, CORE);
      assert.equal(messages.length, 1, code);
      assert.match(messages[0] ?? "", /docs\/architecture\.md/, code);
    }
  });

  it("refuses imports from the layers above it: gate, nodes, middleware, runtime …", async () => {
    for (const code of [
      'import { AuthGate } from "../gate/auth-gate";',
      'import type { GateOptions } from "../gate/gate-options";',
      'import { registry } from "../runtime/registry";',
      'import type { AuthUsersNode } from "../nodes/auth-users";',
      'import { rateLimit } from "../vendor/express-rate-limit";',
    ]) {
      assert.equal((await restricted(code, CORE)).length, 1, code);
    }
    // Its own modules are fine.
    assert.deepEqual(await restricted('import { deny } from "./decision";', CORE), []);
  });

  it("lets the HTTP layer in src/gate import them", async () => {
    for (const code of [
      'import express from "express";',
      'import type { Request } from "express";',
      'import { GateDecision } from "../auth/gate-decision";',
    ]) {
      assert.deepEqual(await restricted(code, HTTP_LAYER), [], code);
    }
  });

  it("holds for every file of the core, the store included", async () => {
    for (const file of ["src/auth/store.ts", "src/auth/redis-store.ts"]) {
      assert.equal((await restricted('import type { Store } from "express-rate-limit";', file)).length, 1, file);
      assert.equal((await restricted('import express from "express";', file)).length, 1, file);
    }
  });

  it("keeps every part of src/ to the imports docs/architecture.md allows it", async () => {
    const refused: [string, string][] = [
      ["src/audit/run-audit.ts", 'import { registry } from "../runtime/registry";'],
      ["src/audit/rules/common.ts", 'import type { AuthGate } from "../../gate/auth-gate";'],
      ["src/gate/responses.ts", 'import { registry } from "../runtime/registry";'],
      ["src/middleware/http-node.ts", 'import type { UsersController } from "../nodes/users-controller";'],
      ["src/admin-auth/editor-guard.ts", 'import { sendNoStoreJson } from "../admin-api/routes";'],
      ["src/admin-api/routes.ts", 'import type { AuthUsersNode } from "../nodes/auth-users";'],
      ["src/shared/validate.ts", 'import { classifyHash } from "../auth/password-hash";'],
      ["src/i18n/catalog.ts", 'import type { Facts } from "../audit/facts";'],
      ["src/dialogs/auth-users/state.ts", 'import { deny } from "../../auth/decision";'],
      ["src/editor/render.ts", 'import { AuthGate } from "../gate/auth-gate";'],
      ["src/audit/run-audit.ts", 'import type { Request } from "express";'],
    ];
    for (const [file, code] of refused) {
      const messages = await restricted(code, file);
      assert.equal(messages.length, 1, `${file}: ${code}`);
      assert.match(messages[0] ?? "", /docs\/architecture\.md/);
    }
    const allowed: [string, string][] = [
      ["src/nodes/auth-gate.ts", 'import { AuthGate } from "../gate/auth-gate";'],
      ["src/middleware/http-node.ts", 'import { registry } from "../runtime/registry";'],
      ["src/admin-api/routes.ts", 'import { editorGuard } from "../admin-auth/editor-guard";'],
      ["src/audit/rules/common.ts", 'import { classifyHash } from "../../auth/password-hash";'],
      ["src/dialogs/auth-users/state.ts", 'import { userName } from "../../shared/validate";'],
    ];
    for (const [file, code] of allowed) assert.deepEqual(await restricted(code, file), [], `${file}: ${code}`);
  });
});
