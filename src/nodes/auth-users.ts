// The "auth-users" config node: a list of users whose bcrypt hashes live only in Node-RED's encrypted
// credentials. The node hands its users context to gates and settings.js factories; its state lives in
// a controller (users-controller.ts), and its dialog's endpoints in src/admin-api/.
import type { UsersContext } from "../auth/users-context";
import { registerUsersApi } from "../admin-api/users-api";
import type { RedApi } from "../red-api";
import { registry } from "../runtime/registry";
import type { NodeDef, NodeInstance, RedNodesApi } from "../node-red-types";
import { type AuthUsersConfig, usersController } from "./users-controller";
import { USERS_CREDENTIALS, USERS_TYPE } from "../runtime/users-credentials";

export interface AuthUsersNode extends NodeInstance {
  /** The users, sessions and verifier gates use; an Error when the configuration is unusable. */
  usersContext(): UsersContext | Error;
}

type NodeConstructor = (this: NodeInstance, config: NodeDef) => void;

export default function authUsersNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  function AuthUsers(this: AuthUsersNode, config: AuthUsersConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const controller = usersController(node.id, RED);
    const credentials = (node as unknown as { credentials?: unknown }).credentials;
    const context = controller.deploy(config, credentials, {
      log: (message) => node.log(message),
      warn: (message) => node.warn(message),
      error: (message) => node.error(message),
    });
    const usersContext = (): UsersContext | Error => context;
    node.usersContext = usersContext;
    // settings.js factories that name this node by id find its users here.
    registry().users.set(node.id, usersContext);

    node.on("close", (removed: boolean, done: () => void) => {
      if (removed) controller.remove();
      done();
    });
  }

  RED.nodes.registerType(USERS_TYPE, AuthUsers as unknown as NodeConstructor, { credentials: USERS_CREDENTIALS });
  registerUsersApi(RED);
}
