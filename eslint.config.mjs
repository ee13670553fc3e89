// Lint for runtime TypeScript, the sidebar's browser TypeScript, tests, scripts and the scripts inside .html files.
import js from "@eslint/js";
import html from "eslint-plugin-html";
import mocha from "eslint-plugin-mocha";
import globals from "globals";
import tseslint from "typescript-eslint";

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
