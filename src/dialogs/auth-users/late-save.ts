// A password sent at Done that was still being hashed when the editor deployed: the runtime applies it
// once it is hashed and says so on this topic (src/nodes/auth-users.ts). It is not yet in the saved
// flows, so the editor marks the users list changed and asks for one more deploy, which saves it.

/** The same topic as the runtime's LATE_PASSWORD_TOPIC. */
const TOPIC = "node-red-contrib-security/auth-users/unsaved";
const CATALOGUE = "node-red-contrib-security/auth-users:auth-users.state.deployAgain";

interface EditorNode {
  changed?: boolean;
  dirty?: boolean;
  rev?: unknown;
}

/** The editor API this needs. */
export interface LateSaveRed {
  _(key: string): string;
  comms: { subscribe(topic: string, handler: (topic: string, data: unknown) => void): void };
  nodes: { node(id: string): EditorNode | null | undefined; dirty(dirty: boolean): void };
  notify(message: string, type?: string): void;
}

let watching = false;

/** Called once as the editor loads the node's .html. */
export function watchLateSaves(RED: LateSaveRed): void {
  if (watching) return;
  watching = true;
  RED.comms.subscribe(TOPIC, (_topic, data) => {
    const id = (data as { id?: unknown } | null)?.id;
    const node = typeof id === "string" ? RED.nodes.node(id) : undefined;
    if (!node) return;
    node.rev = (Number(node.rev) || 0) + 1;
    node.changed = true;
    node.dirty = true;
    RED.nodes.dirty(true);
    RED.notify(RED._(CATALOGUE), "warning");
  });
}
