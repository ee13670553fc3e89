// Small builders for flow tests: nodes on a tab, wired by id.
import { collectFlowFacts } from "../../../../src/audit/flows/collect-flow-facts";

export type N = Record<string, unknown>;

export const TAB: N = { id: "t1", type: "tab", label: "Flow 1" };

export function node(id: string, type: string, wires: string[][] = [[]], extra: N = {}): N {
  return { id, type, z: "t1", wires, ...extra };
}

export const httpIn = (id: string, url: string, next: string[], extra: N = {}): N =>
  node(id, "http in", [next], { url, method: "get", ...extra });
export const exec = (id: string, name = ""): N => node(id, "exec", [[], [], []], { name, command: "ls" });
export const fn = (id: string, next: string[][]): N => node(id, "function", next, { func: "return msg;" });

/** For each source node id, the ids of the dangerous nodes it reaches. */
export function reach(flows: unknown): Record<string, string[]> {
  const facts = collectFlowFacts({ flows });
  return Object.fromEntries(facts.sources.map((s) => [s.node.id, s.reaches.map((r) => r.node.id).sort()]));
}
