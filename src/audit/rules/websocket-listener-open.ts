// NRS-WS-001: websocket listeners accept any client.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { describeGuard, doorUrl, guardFor } from "./common";

const rule: Rule = {
  id: "NRS-WS-001",
  area: "http",
  title: "Websocket listeners accept anyone",
  passTitle: "Websocket listeners check who connects",
  why:
    "A `websocket in` or `websocket out` listener accepts every client that connects: httpNodeAuth and " +
    "httpNodeMiddleware never see websocket connections. Anyone who can reach this Node-RED can read what the " +
    "flow sends and feed messages into it.",
  fix: [
    'Make a bcrypt hash with the "Hash a password" box (or `npx node-red-contrib-security hash-pw`).',
    "Add the webSocketNodeVerifyClient line below to settings.js with that hash, and restart Node-RED: clients must then log in (or bring a session) to connect.",
    'Or, without editing settings.js: add an auth gate node, tick "protect everything under this path" and set the path to the listener\'s path, then deploy.',
  ],
  snippet: `webSocketNodeVerifyClient: require("node-red-contrib-security").verifyClient({
    users: [{ username: "admin", password: "{{HASH}}" }]
}),`,
  docs: DOCS.configuration,
  settingsKeys: ["webSocketNodeVerifyClient"],
  maxSeverity: "medium",
  evaluate(facts) {
    const doors = facts.doors;
    if (!doors || doors.websockets.paths.length === 0) return "not-applicable";
    const paths = doors.websockets.paths;
    if (doors.websockets.verifier) {
      return {
        pass: true,
        title: "Websocket listeners check clients with webSocketNodeVerifyClient",
        details: [
          ...paths.map((p) => `Listener at ${doorUrl(doors, p)}`),
          "Check that the function refuses strangers.",
        ],
      };
    }
    const judged = paths.map((path) => ({ path, guard: guardFor(doors, path, "websocket") }));
    const open = judged.filter((j) => j.guard === undefined);
    if (open.length === 0) {
      const by = [...new Set(judged.map((j) => (j.guard ? describeGuard(j.guard) : "")))];
      return {
        pass: true,
        title: `Websocket listeners are behind ${by.join(" and ")}`,
        details: judged.map((j) => `Listener at ${doorUrl(doors, j.path)}`),
      };
    }
    return {
      severity: isReachable(facts) ? "medium" : "low",
      details: open.map((j) => `Listener at ${doorUrl(doors, j.path)}: anyone can connect`),
    };
  },
};

export default rule;
