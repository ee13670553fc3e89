// A Dashboard 2 plugin: tells flows who is on the other end of a dashboard connection
// (`msg._client.user`), and stops sending to connections whose login session has ended.
// It only reads what the package's guards noted when they let the connection in.
import type { IncomingMessage } from "node:http";
import { registry } from "../middleware/registry";
import type { RedApi } from "../red-api";

interface Connection {
  readonly request?: IncomingMessage;
}

type Msg = Record<string, unknown> & { _client?: Record<string, unknown> };

export default function dashboardUsers(RED: RedApi): void {
  RED.plugins.registerPlugin("security-dashboard-users", {
    type: "node-red-dashboard-2",
    hooks: {
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
