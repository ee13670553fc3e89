// A Dashboard 2 plugin: tells flows who is on the other end of a dashboard connection
// (`msg._client.user`), tells the page who is logged in and where to log out (the set-up call), and
// stops sending to connections whose login session has ended.
// It only reads what the package's guards noted when they let the connection in.
import type { IncomingMessage } from "node:http";
import { registry } from "../runtime/registry";
import type { RedApi } from "../red-api";

interface Connection {
  readonly request?: IncomingMessage;
}

type Msg = Record<string, unknown> & { _client?: Record<string, unknown> };

/** The parts of Express's request and response the set-up hook reads (set by the package's guards). */
interface SetupRequest {
  readonly user?: { readonly username?: unknown; readonly roles?: unknown };
}
interface SetupResponse {
  readonly locals?: { readonly nrsLogout?: unknown };
}

export default function dashboardUsers(RED: RedApi): void {
  RED.plugins.registerPlugin("security-dashboard-users", {
    type: "node-red-dashboard-2",
    hooks: {
      /**
       * Dashboard 2's set-up call (`<path>/_setup`) tells the page who is logged in and where to log out:
       * `$store.state.setup.setup.security` in a ui-template (the logout button of the examples uses it).
       */
      onSetup(_config: unknown, req: SetupRequest, res: SetupResponse): Record<string, unknown> {
        const user = req.user;
        const logout = res.locals?.nrsLogout;
        if (!user || typeof user.username !== "string") return {};
        return {
          security: {
            user: {
              username: user.username,
              roles: Array.isArray(user.roles) ? user.roles.filter((r): r is string => typeof r === "string") : [],
            },
            ...(typeof logout === "string" ? { logout } : {}),
          },
        };
      },
      onAddConnectionCredentials(conn: Connection, msg: Msg): Msg {
        const identity = conn.request ? registry().clients.get(conn.request) : undefined;
        if (identity && typeof msg === "object") {
          msg._client = {
            ...(msg._client ?? {}),
            user: { username: identity.user.username, roles: [...identity.user.roles] },
          };
        }
        return msg;
      },
      onIsValidConnection(conn: Connection): boolean {
        const identity = conn.request ? registry().clients.get(conn.request) : undefined;
        return identity ? identity.live() : true;
      },
    },
  });
}
