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
import { kindMessage } from "../flows/secret-words";
import type { SecretsReadFacts } from "../flows/types";
import { type Rule } from "../rule";
import type { Text } from "../../i18n/messages";
import { joinAnd, joinComma } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-FLOW-003");

/** The kinds of node whose contents are read, each with its message ("the code of 12 function nodes"). */
const READ_AS = [
  ["function", "read.function"],
  ["template", "read.template"],
  ["change", "read.change"],
  ["switch", "read.switch"],
  ["inject", "read.inject"],
  ["http request", "read.httpRequest"],
] as const;

function countRead(read: SecretsReadFacts, type: string): number {
  return Object.hasOwn(read.code, type) ? (read.code[type] ?? 0) : 0;
}

/** "Read: the code of 12 function nodes, the rules of 3 change nodes, the URLs and settings of all 57 nodes…". */
function whatWasRead(read: SecretsReadFacts): Text {
  const parts: Text[] = READ_AS.flatMap(([type, key]) => {
    const count = countRead(read, type);
    return count > 0 ? [msg(count === 1 ? `${key}One` : key, { count })] : [];
  });
  parts.push(msg(read.nodes === 1 ? "read.allOne" : "read.all", { count: read.nodes }));
  return msg("read.line", { list: joinComma(parts) });
}

/** The pass title, naming only the kinds of node this flow has: "…in function and switch nodes, nor in…". */
function passTitle(read: SecretsReadFacts): Text {
  const types = READ_AS.map(([type]) => type).filter((t) => countRead(read, t) > 0);
  if (types.length === 0) return msg("passTitleSettingsOnly");
  return msg("passTitleTypes", { list: joinAnd(types) });
}

const rule: Rule = {
  id: "NRS-FLOW-003",
  area: "secrets",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2"), msg("fix.3")],
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
        details: [whatWasRead(flows.secretsRead), msg("notRead")],
      };
    }
    return {
      severity: "high",
      details: capped(
        flows.secrets.flatMap((s) =>
          s.kinds.map((k) =>
            msg(s.disabled ? "secretInDisabledNode" : "secretInNode", {
              type: s.node.type,
              name: nodeName(s.node),
              kind: kindMessage(k),
            }),
          ),
        ),
      ),
      nodes: uniqueNodes(flows.secrets.map((s) => s.node)),
    };
  },
};

export default rule;
