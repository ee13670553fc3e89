// Lint for runtime TypeScript, the sidebar's browser TypeScript, tests, scripts and the scripts inside .html files.
import js from "@eslint/js";
import html from "eslint-plugin-html";
import mocha from "eslint-plugin-mocha";
import globals from "globals";
import tseslint from "typescript-eslint";

// src/auth/ is the decision core: no HTTP framework, no Node-RED, nothing from the layers built on it.
const AUTH_CORE_MESSAGE =
  "src/auth is the decision core: no HTTP framework, Node-RED or the layers above it (see docs/architecture.md).";
const AUTH_CORE_PACKAGES = [
  "express",
  "helmet",
  "passport",
  "passport-local",
  "express-rate-limit",
  "node:http",
  "node:https",
  "http",
  "https",
  "node-red",
];
/** The rule for src/auth, without the packages in `except`. Type-only imports count too. */
function authCoreImports(except = []) {
  const packages = AUTH_CORE_PACKAGES.filter((name) => !except.includes(name));
  return [
    "error",
    {
      paths: packages.map((name) => ({ name, message: AUTH_CORE_MESSAGE, allowTypeImports: false })),
      patterns: [
        {
          group: ["@node-red/*", ...packages.filter((name) => !name.includes(":")).map((name) => `${name}/*`)],
          message: AUTH_CORE_MESSAGE,
          allowTypeImports: false,
        },
        {
          regex: "^(\\.\\./)+(gate|nodes|middleware|plugins|admin-api|admin-auth|runtime|vendor|cli|editor)(/|$)",
          message: AUTH_CORE_MESSAGE,
          allowTypeImports: false,
        },
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
  {
    files: ["src/auth/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": authCoreImports() },
  },
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
