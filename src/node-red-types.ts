// The node-side slice of Node-RED's API that this package's nodes use.

export interface NodeDef {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly z?: string;
}

export interface NodeStatus {
  fill?: "red" | "green" | "yellow" | "blue" | "grey";
  shape?: "ring" | "dot";
  text?: string;
}

export interface NodeInstance {
  readonly id: string;
  readonly type: string;
  name?: string;
  on(
    event: "input",
    listener: (
      msg: NodeMessage,
      send: (msgs: NodeMessage | (NodeMessage | null)[]) => void,
      done: (err?: Error) => void,
    ) => void,
  ): void;
  on(event: "close", listener: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  debug(message: unknown): void;
}

export type NodeMessage = Record<string, unknown> & { _msgid?: string };

export interface RedNodesApi {
  createNode(node: object, config: NodeDef): void;
  getNode(id: string): unknown;
  registerType(
    type: string,
    constructor: (this: NodeInstance, config: NodeDef) => void,
    options?: { credentials?: Record<string, { type: "text" | "password" }> },
  ): void;
  getCredentials(id: string): Record<string, unknown> | undefined;
  addCredentials(id: string, credentials: Record<string, unknown>): Promise<void> | void;
}
