// The process-wide meeting point of settings.js and the nodes. settings.js is read before any node
// exists, and a package may be loaded twice (a copy in the user directory and one beside settings.js),
// so the state lives on a global symbol rather than in a module variable.
import type { IncomingMessage } from "node:http";
import type { AuthenticatedUser } from "../auth/decision";
import type { AuthGate } from "../gate/auth-gate";
import type { UsersContext } from "../auth/users-context";

/** A kind of door a guard closes. */
export type DoorKind =
  /** Express routes under a path: pages, http-in routes, static files. */
  | "http"
  /** Only the http-in routes Node-RED passes through httpNodeMiddleware. */
  | "http-in"
  /** socket.io handshakes (node-red-dashboard, Dashboard 2, uibuilder). */
  | "socket.io"
  /** Plain websocket upgrades (`websocket in`/`out` listeners). */
  | "websocket";

/** One guard in place, for the sidebar to say which doors are closed. */
export interface GuardedDoor {
  readonly id: string;
  /** Path below httpNodeRoot the guard covers ("/" for everything). */
  readonly scope: string;
  readonly source: "auth-gate" | "settings";
  readonly covers: readonly DoorKind[];
}

/** Who a connection belongs to, and the session that let it in (ended sessions close it). */
export interface ClientIdentity {
  readonly user: AuthenticatedUser;
  readonly sessionId?: string;
  /** Whether the session that let it in is still live (true for Basic, which has none). */
  live(): boolean;
}

interface Registry {
  /** auth-users config nodes by id: how settings.js factories reach the users of a flow. */
  readonly users: Map<string, () => UsersContext | Error>;
  /** Gates made by settings.js factories: the gate dispatcher serves their login and logout pages. */
  readonly loginGates: Map<string, AuthGate>;
  readonly doors: Map<string, GuardedDoor>;
  /** The user behind a socket's handshake request, for Dashboard 2's hooks. */
  readonly clients: WeakMap<IncomingMessage, ClientIdentity>;
  /** httpNodeRoot without its trailing slash ("" for "/"), noted when the nodes load. */
  httpNodeRoot?: string;
}

const KEY = Symbol.for("node-red-contrib-security.registry.v1");

export function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let found = holder[KEY];
  if (!found) {
    found = { users: new Map(), loginGates: new Map(), doors: new Map(), clients: new WeakMap() };
    holder[KEY] = found;
  }
  return found;
}

/** The guards in place now, most general first. */
export function guardedDoors(): GuardedDoor[] {
  return [...registry().doors.values()].sort((a, b) => a.scope.length - b.scope.length);
}
