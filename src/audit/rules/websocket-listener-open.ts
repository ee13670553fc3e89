// NRS-WS-001: websocket listeners accept any client.
import { isReachable } from "../facts";
import { DOCS, type Rule } from "../rule";
import { describeGuard, doorUrl, guardFor, joinAnd } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-WS-001");

const rule: Rule = {
  id: "NRS-WS-001",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2")],
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
        title: msg("websocketListenersCheckClientsWith"),
        details: [
          ...paths.map((p) => msg("listenerAt", { doorUrl: doorUrl(doors, p) })),
          msg("checkThatTheFunctionRefuses"),
        ],
      };
    }
    const judged = paths.map((path) => ({ path, guard: guardFor(doors, path, "websocket") }));
    const open = judged.filter((j) => j.guard === undefined);
    if (open.length === 0) {
      const by = [...new Set(judged.map((j) => (j.guard ? describeGuard(j.guard) : "")))];
      return {
        pass: true,
        title: msg("websocketListenersAreBehind", { by: joinAnd(by) }),
        details: judged.map((j) => msg("listenerAt", { doorUrl: doorUrl(doors, j.path) })),
      };
    }
    return {
      severity: isReachable(facts) ? "medium" : "low",
      details: open.map((j) => msg("listenerAtAnyoneCanConnect", { doorUrl: doorUrl(doors, j.path) })),
    };
  },
};

export default rule;
