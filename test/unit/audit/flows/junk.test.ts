// Property: whatever sits where the flows should be, the flow analysis and the flow rules never throw.
import assert from "node:assert/strict";
import fc from "fast-check";
import { collectFacts, runAudit } from "../../../../src/audit";
import { collectFlowFacts } from "../../../../src/audit/flows/collect-flow-facts";

const TYPES = [
  "tab",
  "subflow",
  "subflow:s",
  "http in",
  "http response",
  "link out",
  "link in",
  "link call",
  "auth-gate",
  "auth-users",
  "exec",
  "file",
  "template",
  "function",
  "change",
  "switch",
  "mqtt in",
  "mqtt-broker",
  "tls-config",
  "http request",
  "websocket in",
  "websocket-listener",
  "websocket-client",
  "inject",
  "MySQLdatabase",
  "ui_button",
  "ui-button",
  "__proto__",
  "constructor",
];
const IDS = ["a", "b", "c", "s", "t", "__proto__"];

const id = fc.constantFrom(...IDS);
/** Scraps of function code that the tokenizer and the login reader must take apart without throwing. */
const SCRAPS = [
  "msg.req.headers.authorization",
  "===",
  '"Sunflower-Garden-77"',
  "`a${",
  "}",
  "{",
  "(",
  ")",
  "[",
  "]",
  "switch",
  "case",
  ":",
  "const",
  "=",
  "users",
  "in",
  ".includes(",
  "/x/",
  "//",
  "/*",
  "\n",
  ",",
  "...",
];
const code = fc.array(fc.constantFrom(...SCRAPS), { maxLength: 30 }).map((parts) => parts.join(" "));
const junk = fc.anything({ maxDepth: 3 });
const wires = fc.oneof(junk, fc.array(fc.oneof(fc.array(id, { maxLength: 3 }), junk), { maxLength: 3 }));
const node = fc.record(
  {
    id: fc.oneof(id, junk),
    type: fc.oneof(fc.constantFrom(...TYPES), junk),
    z: fc.oneof(id, junk),
    wires,
    links: fc.oneof(fc.array(id), junk),
    mode: fc.constantFrom("link", "return", 3),
    in: fc.oneof(junk, fc.constant([{ wires: [{ id: "a" }] }])),
    out: fc.oneof(junk, fc.constant([{ wires: [{ id: "b", port: 0 }, { id: "s" }] }])),
    url: fc.oneof(junk, fc.constantFrom("http://a:b@c/", "mqtt://:p@h", "${URL}", "http://a@b/")),
    broker: junk,
    password: junk,
    passwordFieldType: junk,
    props: junk,
    headers: junk,
    property: fc.oneof(fc.constantFrom("req.headers.authorization", "payload", "req.query['t']"), junk),
    propertyType: fc.constantFrom("msg", "jsonata", "flow", 3),
    func: fc.oneof(fc.string(), code, junk),
    template: fc.oneof(fc.string(), junk),
    rules: junk,
    deniedOutput: fc.boolean(),
    usersConfig: fc.oneof(id, junk),
    accounts: junk,
    d: junk,
  },
  { requiredKeys: [] },
);
const flows = fc.oneof(junk, fc.array(fc.oneof(node, junk), { maxLength: 25 }), fc.record({ flows: fc.array(node) }));

describe("flow analysis on junk", () => {
  it("never throws, and every flow rule gives a verdict", async () => {
    await fc.assert(
      fc.asyncProperty(flows, async (f) => {
        collectFlowFacts({ flows: f, usersWithPasswords: { a: 1 } });
        const facts = await collectFacts(
          {},
          { source: "settings-file", doors: { installed: { dashboard1: true, dashboard2: true }, flows: f } },
        );
        const report = runAudit(facts);
        const broken = report.findings.filter((x) => x.title.endsWith("could not be checked"));
        assert.deepEqual(broken, []);
      }),
      { numRuns: 300 },
    );
  });
});
