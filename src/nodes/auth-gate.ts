// The "auth-gate" node: sits after an http-in node (or guards a path prefix with no wiring) and lets
// a request on only when it carries a valid session or valid Basic credentials. Each node's gate, status
// and message handling live in its controller (gate-controller.ts).
import type { AuthGate } from "../gate/auth-gate";
import { serverGuardFor } from "../middleware/server-guard";
import type { RedApi } from "../red-api";
import { registry } from "../runtime/registry";
import { type AuthGateConfig, GateController, type GateRuntime } from "./gate-controller";
import { dispatcherFor } from "./gate-dispatcher";
import type { NodeInstance, RedNodesApi } from "../node-red-types";
import { redLoginText } from "./login-words";
import { statusText } from "./status-text";

export default function authGateNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  const rootSetting = RED.settings.httpNodeRoot;
  const httpNodeRoot = typeof rootSetting === "string" ? rootSetting.replace(/\/+$/, "") : "";
  registry().httpNodeRoot = httpNodeRoot;
  const server = RED.server && typeof RED.server.emit === "function" ? RED.server : undefined;
  const adminRoot = RED.settings.httpRoot === false ? false : RED.settings.httpAdminRoot;
  const serverGuard = server
    ? serverGuardFor(
        server,
        httpNodeRoot,
        adminRoot === false ? false : typeof adminRoot === "string" ? adminRoot : "/",
      )
    : undefined;

  const runtime: GateRuntime = {
    dispatcher: dispatcherFor(RED.httpNode),
    say: statusText(RED, "auth-gate.json"),
    loginWords: redLoginText(RED),
    getNode: (id) => RED.nodes.getNode(id),
    eachNode: RED.nodes.eachNode?.bind(RED.nodes),
    guardDoors: (id: string, gate: AuthGate) => {
      serverGuard?.register(id, gate);
      registry().doors.set(id, {
        id,
        scope: gate.options.scope,
        source: "auth-gate",
        covers: serverGuard ? ["http", "socket.io", "websocket"] : ["http"],
      });
    },
    unguardDoors: (id) => {
      serverGuard?.unregister(id);
      registry().doors.delete(id);
    },
  };

  function AuthGateNode(this: NodeInstance, config: AuthGateConfig): void {
    RED.nodes.createNode(this, config);
    const controller = new GateController(this, config, runtime);
    this.on("input", (msg, send, done) => {
      controller.handle(msg, send, done);
    });
    this.on("close", (_removed, closed) => {
      controller.close();
      closed();
    });
  }

  RED.nodes.registerType("auth-gate", AuthGateNode);
}
