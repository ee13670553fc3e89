// NRS-FLOW-003: passwords, keys and home-made logins written into flow nodes: the code of function nodes, the
// text of templates, the rules of change and switch nodes, inject properties, http request headers, and the
// URLs and plain fields of every node.
//
// A home-made login is request data (msg.req headers, query, body, cookies, route parameters, or the payload
// of a message from outside) or a secret-named value compared with a fixed string, however it is spelled:
// ===, !==, ==, !=, includes/startsWith/endsWith/indexOf/match, a regex test, a `switch`, a lookup table of
// passwords, a list of allowed tokens, through local variables and destructuring; in switch and change nodes,
// a request property tested against fixed strings. Which fixed strings count as passwords (the heuristic):
// see src/audit/flows/secret-words.ts. Comparisons with env.get(…), flow/global context, a node's
// credentials or another variable are never reported: no secret is written in the flow then.
import { capped, nodeName, uniqueNodes } from "../flows/exposure";
import type { SecretsReadFacts } from "../flows/types";
import { type Rule } from "../rule";

const READ_AS = [
  ["function", "the code of"],
  ["template", "the text of"],
  ["change", "the rules of"],
  ["switch", "the rules of"],
  ["inject", "the properties of"],
  ["http request", "the headers of"],
] as const;

/** "the code of 12 function nodes, the rules of 3 change nodes; the URLs and settings of all 57 nodes". */
function whatWasRead(read: SecretsReadFacts): string {
  const parts = READ_AS.flatMap(([type, how]) => {
    const count = Object.hasOwn(read.code, type) ? (read.code[type] ?? 0) : 0;
    return count > 0 ? [`${how} ${String(count)} ${type} node${count === 1 ? "" : "s"}`] : [];
  });
  const all = `the URLs and settings of all ${String(read.nodes)} node${read.nodes === 1 ? "" : "s"} in the flows`;
  return `Read: ${[...parts, all].join(", ")}.`;
}

/** The pass title, naming only the kinds of node this flow has: "…in function and switch nodes, nor in…". */
function passTitle(read: SecretsReadFacts): string {
  const types = READ_AS.map(([type]) => type).filter((t) => Object.hasOwn(read.code, t) && (read.code[t] ?? 0) > 0);
  const settings = "the URLs and settings of any node";
  if (types.length === 0) return `No passwords or keys found in ${settings}`;
  const list = types.length === 1 ? types[0] : `${types.slice(0, -1).join(", ")} and ${String(types.at(-1))}`;
  return `No passwords or keys found in ${String(list)} nodes, nor in ${settings}`;
}

const rule: Rule = {
  id: "NRS-FLOW-003",
  area: "secrets",
  title: "Passwords or keys are written into flow nodes",
  passTitle:
    "No passwords or keys found in function, template, change, switch, inject or http request nodes, nor in the URLs and settings of any node",
  why:
    "A password, token or key typed into a node — its code, its rules, a URL such as http://admin:…@camera, or a " +
    "plain settings field — is stored in plain text in flows.json: anyone with editor access can read it, and " +
    "it travels with every export, backup and shared flow. A login made by comparing request data with a fixed " +
    "password in a function, switch or change node has no hashing, no lockout and no sessions, so it is easy " +
    "to guess or to leak.",
  fix: [
    "For a login: replace the function, switch or change node check with an auth gate node and an auth users node (passwords are hashed and stored only in Node-RED's encrypted credentials).",
    'For a URL with a user name and password (an IP camera, an MQTT broker, a database): take them out of the URL and type them into the node\'s own credential fields (http request: "Use authentication"; mqtt-broker: the Security tab; database config nodes: their user and password fields), or set the whole field to ${NAME} so Node-RED reads it from an environment variable.',
    "For keys and tokens in code: put them in an environment variable (Node-RED's env.get(\"NAME\") in a function, or $env('NAME') in a change node) or in a node's credentials, never in its code or plain fields.",
    "Then change the password or key that was written in the flow: consider it known.",
  ],
  docs: "https://nodered.org/docs/user-guide/environment-variables",
  settingsKeys: ["flowFile"],
  maxSeverity: "high",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || flows.secretsRead.nodes === 0) return "not-applicable";
    if (flows.secrets.length === 0) {
      return {
        pass: true,
        title: passTitle(flows.secretsRead),
        details: [
          whatWasRead(flows.secretsRead),
          "Not read: node credentials (Node-RED keeps them encrypted), code that function nodes load from modules or files.",
        ],
      };
    }
    return {
      severity: "high",
      details: capped(
        flows.secrets.flatMap((s) =>
          s.kinds.map((k) => `${s.node.type} ${nodeName(s.node)}${s.disabled ? " (disabled, still saved)" : ""}: ${k}`),
        ),
      ),
      nodes: uniqueNodes(flows.secrets.map((s) => s.node)),
    };
  },
};

export default rule;
