// Readings of a dashboard's doors that the dashboard rules share: is a page or its socket.io open, and why.
import { type DashboardDoor, type DashboardFacts, type DoorFacts, type Facts, isReachable } from "./facts";
import type { Text } from "../i18n/messages";
import type { Verdict } from "./rule";
import { describeGuard, doorUrl, guardFor, httpNodeAuthSet, joinAnd } from "./rules/common";
import { messages } from "../i18n/messages";

const msg = messages("dashboard-doors");

export interface DoorState {
  readonly door: DashboardDoor;
  /** "absent": nothing is served there, so there is nothing to judge. */
  readonly state: "open" | "closed" | "absent";
  /** What keeps it closed, e.g. ["httpNodeAuth"]; empty when open or only a live check says so. */
  readonly closedBy: readonly Text[];
  /** One line for the finding's details. */
  readonly detail: Text;
}

/** Whether each page of the dashboard answers a visitor without credentials. */
export function pageStates(facts: Facts, doors: DoorFacts, dashboard: DashboardFacts): DoorState[] {
  return dashboard.doors.map((door) => {
    const url = doorUrl(doors, door.path);
    if (door.page === "absent")
      return { door, state: "absent", closedBy: [], detail: msg("nothingIsServedThere", { url }) };
    const guard = guardFor(doors, door.path, "http");
    const closedBy = [
      ...(httpNodeAuthSet(facts) ? ["httpNodeAuth"] : []),
      ...(dashboard.middleware ? [`${dashboard.settingsKey}.middleware`] : []),
      ...(guard ? [describeGuard(guard)] : []),
    ];
    if (door.page === "open") {
      return {
        door,
        state: "open",
        closedBy: [],
        detail:
          closedBy.length > 0
            ? msg("answeredAlthoughGuarded", { url, closedBy: joinAnd(closedBy) })
            : msg("answeredRequestWithoutCredentials", { url }),
      };
    }
    if (door.page === "closed") {
      return {
        door,
        state: "closed",
        closedBy,
        detail: msg("refusedRequestWithoutCredentialsChecked", { url }),
      };
    }
    if (closedBy.length > 0)
      return { door, state: "closed", closedBy, detail: msg("behind", { url, closedBy: joinAnd(closedBy) }) };
    return {
      door,
      state: "open",
      closedBy: [],
      detail: msg("noMiddlewareHttpnodeauthOrAuth", { url, settingsKey: dashboard.settingsKey }),
    };
  });
}

/** Whether each dashboard's socket.io lets a client without a session in. */
export function socketStates(facts: Facts, doors: DoorFacts, dashboard: DashboardFacts): DoorState[] {
  const pages = pageStates(facts, doors, dashboard);
  return pages.map(({ door, state: pageState, closedBy: pageClosedBy }) => {
    const url = `${doorUrl(doors, door.path).replace(/\/$/, "")}/socket.io`;
    if (pageState === "absent" || door.socket === "absent") {
      return { door, state: "absent", closedBy: [], detail: msg("nothingIsServedThere", { url }) };
    }
    const guard = guardFor(doors, door.path, "socket.io");
    const closedBy = [
      ...(dashboard.ioMiddleware ? [`${dashboard.settingsKey}.ioMiddleware`] : []),
      ...(guard ? [describeGuard(guard)] : []),
    ];
    if (door.socket === "closed") {
      return {
        door,
        state: "closed",
        closedBy,
        detail: msg("refusedHandshakeWithoutSessionChecked", { url }),
      };
    }
    if (closedBy.length > 0) {
      // The engine.io handshake is answered before any socket.io middleware runs: an "open" live check
      // is expected here, and the middleware decides when the client asks to join.
      return {
        door,
        state: "closed",
        closedBy,
        detail: msg("clientsAreCheckedBy", { url, closedBy: joinAnd(closedBy) }),
      };
    }
    const uncovered =
      pageState === "closed" && pageClosedBy.length > 0
        ? msg("guardsThePagesButNot", { pageClosedBy: joinAnd(pageClosedBy) })
        : "";
    return {
      door,
      state: "open",
      closedBy: [],
      detail:
        door.socket === "open"
          ? msg("answeredHandshakeWithoutSessionChecked", { url, uncovered })
          : msg("noIomiddlewareOrAuthGate", { url, settingsKey: dashboard.settingsKey, uncovered }),
    };
  });
}

/** The verdict on a dashboard's pages, once their states are known: pass (and how), or high/low. */
export function pagesVerdict(facts: Facts, served: readonly DoorState[], name: Text): Verdict {
  const open = served.filter((s) => s.state === "open");
  if (open.length === 0) {
    const by = [...new Set(served.flatMap((s) => s.closedBy))];
    return {
      pass: true,
      title:
        by.length > 0 ? msg("isBehind", { name, by: joinAnd(by) }) : msg("refusedVisitorWithoutLoginChecked", { name }),
      details: served.map((s) => s.detail),
    };
  }
  return {
    severity: isReachable(facts) ? "high" : "low",
    details: [...open.map((s) => s.detail), ...(isReachable(facts) ? [] : [msg("onlyThisMachineCanConnect")])],
  };
}
