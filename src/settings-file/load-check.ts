// Loads a settings.js the way Node-RED does (require in a fresh `node` process) and reports the names of
// the keys it exports, and which of them are empty objects — never their values, which may be secrets.
import { execFile } from "node:child_process";
import { dirname } from "node:path";

export const LOAD_TIMEOUT_MS = 15_000;
const MARK = "@@node-red-contrib-security@@";

export type LoadResult =
  | {
      readonly ok: true;
      readonly keys: readonly string[];
      /** Keys set to an object with nothing in it (Node-RED's default externalModules: {} with comments). */
      readonly emptyObjects: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

const SCRIPT = `
const mark = ${JSON.stringify(MARK)};
let result;
try {
  const s = require(process.argv[1]);
  result = typeof s !== "object" || s === null || Array.isArray(s)
    ? { ok: false, error: "it does not export a settings object (module.exports = { ... })" }
    : {
        ok: true,
        keys: Object.keys(s),
        emptyObjects: Object.keys(s).filter((k) => {
          const v = s[k];
          return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0;
        }),
      };
} catch (err) {
  result = { ok: false, error: String((err && err.message) || err).split("\\n")[0] };
}
process.stdout.write("\\n" + mark + JSON.stringify(result) + "\\n", () => process.exit(0));
`;

/** Requires `file` in a child process with the given Node.js (default: the one running now). */
export function loadInChild(file: string, node: string = process.execPath): Promise<LoadResult> {
  return new Promise((resolve) => {
    execFile(
      node,
      ["-e", SCRIPT, file],
      {
        cwd: dirname(file),
        timeout: LOAD_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        env: { ...process.env, NODE_OPTIONS: "" },
      },
      (err, stdout) => {
        const line = stdout.split("\n").find((l) => l.startsWith(MARK));
        if (line) {
          try {
            resolve(JSON.parse(line.slice(MARK.length)) as LoadResult);
            return;
          } catch {
            // fall through
          }
        }
        const reason =
          err && "killed" in err && err.killed
            ? `it did not finish loading within ${String(LOAD_TIMEOUT_MS / 1000)} seconds`
            : `loading it ended the process${err ? ` (${err.message.split("\n")[0] ?? ""})` : ""}`;
        resolve({ ok: false, error: reason });
      },
    );
  });
}
