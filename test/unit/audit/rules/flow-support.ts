// Shared by the flow rule tests: the collect context that carries a flow configuration.
import type { CollectContext, DoorContext } from "../../../../src/audit";

export function withFlows(
  flows: unknown,
  extra: Partial<DoorContext> = {},
  more: Partial<CollectContext> = {},
): Partial<CollectContext> {
  return { doors: { installed: { dashboard1: false, dashboard2: false }, flows, ...extra }, ...more };
}

export const TAB = { id: "t1", type: "tab", label: "Flow 1" };

export function n(
  id: string,
  type: string,
  wires: string[][] = [[]],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { id, type, z: "t1", wires, ...extra };
}
