// Lint for runtime TypeScript, the sidebar's browser TypeScript, tests, scripts and the scripts inside .html files.
import js from "@eslint/js";
import html from "eslint-plugin-html";
import mocha from "eslint-plugin-mocha";
import globals from "globals";
import tseslint from "typescript-eslint";

// The parts of src/ and which other parts each may import: docs/architecture.md draws the same table.
// Dependencies point one way (glue -> layers -> core); a part missing from a list is refused, type-only
// imports included. Files at the top of src/ (index.ts, red-api.ts, node-red-types.ts, package-info.ts,
// http-shapes.ts) are shared declarations and are not restricted.
const PARTS = {
  shared: [],
  i18n: [],
  "settings-file": [],
  auth: ["shared"],
  audit: ["auth", "i18n", "shared"],
  gate: ["auth", "i18n", "shared", "vendor"],
  runtime: ["auth", "gate"],
  tls: ["audit", "i18n", "settings-file"],
  probe: ["audit", "i18n"],
  middleware: ["auth", "gate", "i18n", "runtime", "shared"],
  "admin-auth": ["auth", "gate", "i18n", "middleware", "runtime", "settings-file", "shared"],
  "admin-api": ["admin-auth", "audit", "auth", "gate", "i18n", "probe", "runtime", "settings-file", "shared", "tls"],
  nodes: ["admin-api", "admin-auth", "auth", "gate", "i18n", "middleware", "runtime", "shared"],
  plugins: [
    "admin-api",
    "admin-auth",
    "audit",
    "auth",
    "gate",
    "i18n",
    "probe",
    "runtime",
    "settings-file",
    "shared",
    "tls",
  ],
  cli: ["admin-auth", "audit", "auth", "i18n", "probe", "settings-file", "shared", "tls"],
  editor: ["audit", "i18n", "shared"],
  dialogs: ["shared"],
  vendor: [],
};
// What no part below the glue may import: an HTTP framework or Node-RED (src/gate is the HTTP layer).
const HTTP_FRAMEWORK = ["express", "helmet", "passport", "passport-local", "express-rate-limit"];
const NODE_HTTP = ["node:http", "node:https", "http", "https"];
const PACKAGES = {
  auth: [...HTTP_FRAMEWORK, ...NODE_HTTP, "node-red"],
  audit: [...HTTP_FRAMEWORK, "node-red"],
  shared: [...HTTP_FRAMEWORK, ...NODE_HTTP, "node-red"],
  i18n: [...HTTP_FRAMEWORK, "node-red"],
  editor: ["node-red"],
  dialogs: ["node-red"],
};
const CORE_NOTE = {
  auth: "src/auth is the decision core: no HTTP framework, Node-RED or the layers above it",
};

/** The import rule of one part of src/: other parts it may not use, and packages it may not load. */
function importsOf(part) {
  const refused = Object.keys(PARTS).filter((other) => other !== part && !PARTS[part].includes(other));
  const packages = PACKAGES[part] ?? [];
  const message = `${CORE_NOTE[part] ?? `src/${part} may import only ${PARTS[part].join(", ") || "no other part"}`} (see docs/architecture.md).`;
  return [
    "error",
    {
      paths: packages.map((name) => ({ name, message, allowTypeImports: false })),
      patterns: [
        ...(packages.length > 0
          ? [
              {
                group: ["@node-red/*", ...packages.filter((name) => !name.includes(":")).map((name) => `${name}/*`)],
                message,
                allowTypeImports: false,
              },
            ]
          : []),
        ...(refused.length > 0
          ? [{ regex: `^(\\.\\./)+(${refused.join("|")})(/|$)`, message, allowTypeImports: false }]
          : []),
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: ["dist/**", "resources/**", "node_modules/**", "test/runtimes/**", ".demo/**", ".cache/**", "coverage/**"],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.json", "./tsconfig.editor.json", "./tsconfig.test.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-confusing-void-expression": "off",
      // Node-RED node constructors conventionally keep `this` as `node` for their handlers.
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["node"] }],
    },
  },
  ...Object.keys(PARTS).map((part) => ({
    files: [`src/${part}/**/*.ts`],
    rules: { "@typescript-eslint/no-restricted-imports": importsOf(part) },
  })),
  {
    files: ["src/editor/**/*.ts", "src/dialogs/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, $: "readonly" } },
  },
  {
    files: ["test/**/*.ts"],
    plugins: { mocha },
    rules: {
      "mocha/no-exclusive-tests": "error",
      "mocha/no-pending-tests": "error",
      "mocha/no-identical-title": "error",
      // A skipped test is a gap, not a pass.
      "no-restricted-properties": [
        "error",
        { object: "it", property: "skip", message: "Do not skip tests." },
        { object: "describe", property: "skip", message: "Do not skip tests." },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["nodes/**/*.js", "plugins/**/*.js", "examples/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
  },
  {
    files: ["**/*.html"],
    plugins: { html },
    languageOptions: {
      sourceType: "script",
      globals: { ...globals.browser, RED: "readonly", $: "readonly" },
    },
  },
);
