// The layering that eslint.config.mjs enforces: src/auth (the decision core) imports no HTTP framework,
// no Node-RED and nothing of the layers built on it, not even types; src/gate (the HTTP layer) may.
// Linted through ESLint's own API with the repository's configuration, as `npm run lint` does.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ESLint } from "eslint";

const ROOT = join(__dirname, "..", "..");
const RULE = "@typescript-eslint/no-restricted-imports";

describe("architecture: what the decision core may import", function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: ROOT });

  /** The import restrictions ESLint reports for `code` as the content of `file` (a file of the project). */
  async function restricted(code: string, file: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, { filePath: join(ROOT, file) });
    assert.ok(result);
    const fatal = result.messages.filter((m) => m.fatal === true);
    assert.deepEqual(fatal, [], "the probe must parse");
    return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
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
});
