// NRS-FLOW-003: passwords, keys and home-made logins written into flow nodes: the code of function nodes, the
// text of templates, the rules of change and switch nodes, inject properties, http request headers, and the
// URLs and plain fields of every node (an http request to http://admin:…@camera, an mqtt-broker, websocket
// client, tcp, e-mail or database config node with a password in a URL or typed into a plain field).
//
// A home-made login is request data — msg.req headers, query, body, cookies, route parameters (also through
// msg.req.get("…"), local variables and destructuring), or msg.payload when the node gets messages from
// outside — compared with a fixed string, however it is spelled: ===, !==, ==, !=, includes, startsWith,
// endsWith, indexOf, match, a regex test, `switch`/`case`, a lookup object of passwords, a list or set of
// allowed tokens; in switch and change nodes (and JSONata), a request property tested against fixed strings.
// Function code is read on tokens (flows/js-tokens.ts), so words in comments and strings are not code.
//
// The heuristic for "a fixed password" (flows/secret-words.ts has it in full):
// - against a field or variable named like a secret (password, pass, pwd, secret, token, api key, x-api-key)
//   or the Authorization/auth header, a pin, otp or session: any fixed string except "", masks, placeholders
//   and the scheme words alone ("Basic ", "Bearer");
// - against a field named key, code, sig, signature, hmac or hash: 6+ characters mixing two kinds;
// - against any other request field: a random-looking string (8+ characters, no spaces or slashes, three of
//   lower case, upper case, digits, symbols); never against ordinary fields (Accept, Content-Type, Host,
//   User-Agent, X-Forwarded-For…, or names ending in id, name, type, mode, device, format, status…).
// Never reported: comparisons with env.get(…), flow/global context, a node's credentials or any other
// value that is not written in the flow; HTTP methods, content types, true/false, on/off and the like.
// Deliberately not followed: values passed into functions the code defines, loops over lists, strings
// built at run time. The finding names the node and the kind, never the value.
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
    "For keys and tokens in code: put them in an environment variable (Node-RED's env.get(\"NAME\") in a function, or $env('NAME') in a change node) or in a node's credentials, never in its code or plain fields. An environment variable set on a tab, a subflow or in the global settings keeps a secret only with the \"credential\" type.",
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
