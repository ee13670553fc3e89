// A node object from the flows file as it was read, and the few things read from it everywhere: nothing here
// trusts the input's types (a corrupt file, a node without a name).
import type { FlowNodeRef } from "../types";

export type RawNode = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The list inside a flows file (an array) or an admin API v2 answer ({ flows: [...] }); undefined otherwise. */
export function flowList(flows: unknown): unknown[] | undefined {
  const list: unknown = isObject(flows) && Array.isArray(flows.flows) ? flows.flows : flows;
  return Array.isArray(list) ? list : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function ref(node: RawNode): FlowNodeRef {
  const name = str(node.name)?.trim();
  const z = str(node.z);
  return {
    id: String(node.id),
    type: String(node.type),
    ...(name ? { name } : {}),
    ...(z ? { z } : {}),
  };
}

/** "exec 'reboot'" when the node has a name, else "exec 3f2a…" (its id). */
export function describeNode(node: RawNode): string {
  const name = str(node.name)?.trim();
  return name ? `${String(node.type)} '${name}'` : `${String(node.type)} ${String(node.id)}`;
}
