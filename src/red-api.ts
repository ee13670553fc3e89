// The part of Node-RED's API (the `RED` object handed to nodes and plugins) that this package uses.
// Typed here rather than taken from community typings so it matches what 3.1–5.x really provide.
import type { Express, RequestHandler } from "express";
import type { Server } from "node:http";

export interface RedLog {
  info(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
  debug(message: unknown): void;
}

export interface RedApi {
  /** Every runtime setting, read-only. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly httpAdmin: Express;
  readonly httpNode: Express;
  /** The HTTP(S) server; absent when Node-RED is embedded without one. */
  readonly server?: Server | null;
  readonly auth: { needsPermission(permission: string): RequestHandler };
  readonly plugins: { registerPlugin(id: string, definition: Record<string, unknown>): void };
  readonly log: RedLog;
  /** Node-RED's message lookup in the runtime's language (`lang` setting), for this node set's catalogue. */
  readonly _?: (key: string, params?: Record<string, unknown>) => unknown;
  /** Runtime version; missing in node-red-node-test-helper. */
  readonly version?: () => string;
  readonly events?: { on(event: string, listener: (...args: unknown[]) => void): void };
  /** Messages to the editors that are open (they subscribe to a topic); missing in node-red-node-test-helper. */
  readonly comms?: { publish(topic: string, data: unknown, retain?: boolean): void };
  /** The runtime's node API; `eachNode` visits every deployed node's configuration. */
  readonly nodes?: { readonly eachNode?: (callback: (node: Readonly<Record<string, unknown>>) => void) => void };
}
