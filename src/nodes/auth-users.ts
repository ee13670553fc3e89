// The "auth-users" config node: a list of users whose bcrypt hashes live only in Node-RED's encrypted
// credentials. The node hands its users context to gates and settings.js factories; its state lives in
// a controller (users-controller.ts), and its dialog's endpoints in src/admin-api/.
import type { UsersContext } from "../auth/users-context";
import { registerUsersApi } from "../admin-api/users-api";
import type { RedApi } from "../red-api";
import { passwordWorkUnderWay } from "../runtime/password-work";
import { registry } from "../runtime/registry";
import type { NodeDef, NodeInstance, RedNodesApi } from "../node-red-types";
import { type AuthUsersConfig, usersController } from "./users-controller";
import { USERS_CREDENTIALS, USERS_TYPE } from "../runtime/users-credentials";

export interface AuthUsersNode extends NodeInstance {
  /** The users, sessions and verifier gates use; an Error when the configuration is unusable. */
  usersContext(): UsersContext | Error;
}

/** The topic on which the editor hears of a password that applies now but is not yet saved (see the dialog). */
export const LATE_PASSWORD_TOPIC = "node-red-contrib-security/auth-users/unsaved";
const LATE_PASSWORD =
  "auth users: a password set just before the deploy applies now; deploy once more to save it with the flows";

type NodeConstructor = (this: NodeInstance, config: NodeDef) => void;

export default function authUsersNodes(RED: RedApi & { nodes: RedNodesApi }): void {
  function AuthUsers(this: AuthUsersNode, config: AuthUsersConfig): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const controller = usersController(node.id, RED);
    const report = {
      log: (message: string) => node.log(message),
      warn: (message: string) => node.warn(message),
      error: (message: string) => node.error(message),
    };
    const credentials = (node as unknown as { credentials?: unknown }).credentials;
    let context = controller.deploy(config, credentials, report);
    const usersContext = (): UsersContext | Error => context;
    node.usersContext = usersContext;
    // settings.js factories that name this node by id find its users here.
    registry().users.set(node.id, usersContext);
    let closed = false;
    // Deployed while a password set at Done was still being hashed: it applies once it is, and the
    // editor is asked to deploy again, which saves it with the flows.
    void passwordWorkUnderWay(node.id)?.then(() => {
      if (closed) return;
      context = controller.deploy(config, RED.nodes.getCredentials(node.id), report);
      node.warn(LATE_PASSWORD);
      RED.comms?.publish(LATE_PASSWORD_TOPIC, { id: node.id }, false);
    });

    node.on("close", (removed: boolean, done: () => void) => {
      closed = true;
      if (removed) controller.remove();
      done();
    });
  }

  RED.nodes.registerType(USERS_TYPE, AuthUsers as unknown as NodeConstructor, { credentials: USERS_CREDENTIALS });
  registerUsersApi(RED);
}
