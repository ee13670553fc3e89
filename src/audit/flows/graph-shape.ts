// The shape of the deployed flows as a message graph: the nodes Node-RED starts, their wires, link
// targets, and subflow definitions with their entries, exits and instances. graph.ts walks it.
import { flowList, isObject, str, type RawNode } from "./raw-node";

export interface SubflowDef {
  readonly id: string;
  /** Nodes the subflow's input is wired to. */
  readonly entries: readonly number[];
  /** For each output of the subflow: is its input wired straight to it? */
  readonly passthrough: readonly boolean[];
  readonly outputs: number;
  /** Instances (`subflow:<id>` nodes) that Node-RED starts. */
  readonly instances: number[];
}

export interface Exit {
  readonly port: number;
  readonly def: number;
  readonly output: number;
}

export class FlowShape {
  /** Every node object with a string id and type, disabled or not, in file order. */
  readonly all: RawNode[] = [];
  /** Ids of the nodes that Node-RED does not start (d: true, or on a disabled tab). */
  readonly disabled = new Set<string>();
  /** Nodes that Node-RED starts, by index. */
  readonly nodes: RawNode[] = [];
  readonly index = new Map<string, number>();
  protected readonly wires: number[][][] = [];
  protected readonly exits = new Map<number, Exit[]>();
  protected readonly linkTargets = new Map<number, number[]>();
  protected readonly defs: SubflowDef[] = [];
  protected readonly defIndex = new Map<string, number>();
  /** Subflow definition of each node that sits inside one (by node index). */
  protected readonly insideDef = new Map<number, number>();
  private readonly usedDefs = new Set<number>();

  constructor(flows: unknown) {
    const list = flowList(flows) ?? [];
    const seen = new Set<string>();
    for (const item of list) {
      if (!isObject(item) || typeof item.id !== "string" || typeof item.type !== "string") continue;
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      this.all.push(item);
    }
    const disabledTabs = new Set(this.all.filter((n) => n.type === "tab" && n.disabled === true).map((n) => n.id));
    for (const node of this.all) {
      const z = str(node.z);
      if (
        node.d === true ||
        (z !== undefined && disabledTabs.has(z)) ||
        (node.type === "tab" && node.disabled === true)
      ) {
        this.disabled.add(String(node.id));
        continue;
      }
      this.index.set(String(node.id), this.nodes.length);
      this.nodes.push(node);
    }
    this.buildEdges();
    this.buildSubflows();
    this.findUsedDefs();
  }

  byId(id: unknown): RawNode | undefined {
    const i = typeof id === "string" ? this.index.get(id) : undefined;
    return i === undefined ? undefined : this.nodes[i];
  }

  private ids(value: unknown): number[] {
    if (!Array.isArray(value)) return typeof value === "string" ? this.ids([value]) : [];
    const out: number[] = [];
    for (const id of value as unknown[]) {
      const i = typeof id === "string" ? this.index.get(id) : undefined;
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  private buildEdges(): void {
    const linkIns: number[] = [];
    this.nodes.forEach((node, i) => {
      if (node.type === "link in") linkIns.push(i);
    });
    this.nodes.forEach((node, i) => {
      const wires = Array.isArray(node.wires) ? (node.wires as unknown[]) : [];
      this.wires.push(wires.map((port) => this.ids(port)));
      if (node.type === "link out" && node.mode !== "return") this.linkTargets.set(i, this.ids(node.links));
      if (node.type === "link call") {
        // A dynamic call picks its target from msg.target at run time: any link in may be called.
        this.linkTargets.set(i, node.linkType === "dynamic" ? linkIns : this.ids(node.links));
      }
    });
  }

  private buildSubflows(): void {
    this.nodes.forEach((node) => {
      if (node.type !== "subflow") return;
      const inputs = Array.isArray(node.in) ? (node.in as unknown[]) : [];
      const first = isObject(inputs[0]) && Array.isArray(inputs[0].wires) ? (inputs[0].wires as unknown[]) : [];
      const entries = this.ids(first.map((w) => (isObject(w) ? w.id : undefined)));
      const outs = Array.isArray(node.out) ? (node.out as unknown[]) : [];
      const d = this.defs.length;
      const passthrough: boolean[] = [];
      outs.forEach((out, o) => {
        const wires = isObject(out) && Array.isArray(out.wires) ? (out.wires as unknown[]) : [];
        passthrough.push(false);
        for (const w of wires) {
          if (!isObject(w)) continue;
          if (w.id === node.id) {
            passthrough[o] = true;
            continue;
          }
          const from = typeof w.id === "string" ? this.index.get(w.id) : undefined;
          if (from === undefined) continue;
          const port = typeof w.port === "number" && Number.isInteger(w.port) && w.port >= 0 ? w.port : 0;
          const list = this.exits.get(from) ?? [];
          list.push({ port, def: d, output: o });
          this.exits.set(from, list);
        }
      });
      this.defIndex.set(String(node.id), d);
      this.defs.push({ id: String(node.id), entries, passthrough, outputs: outs.length, instances: [] });
    });
    this.nodes.forEach((node, i) => {
      const type = String(node.type);
      if (type.startsWith("subflow:")) {
        const d = this.defIndex.get(type.slice("subflow:".length));
        if (d !== undefined) this.defs[d]?.instances.push(i);
      }
      const z = str(node.z);
      const d = z === undefined ? undefined : this.defIndex.get(z);
      if (d !== undefined) this.insideDef.set(i, d);
    });
  }

  /** The subflow definition a node sits in, if any. */
  defOf(i: number): number | undefined {
    return this.insideDef.get(i);
  }

  /** Whether Node-RED runs this node: outside subflows always, inside one only when an instance of it runs. */
  runs(i: number): boolean {
    const d = this.insideDef.get(i);
    return d === undefined || this.usedDefs.has(d);
  }

  private findUsedDefs(): void {
    // A definition is used when one of its instances runs: on a tab, or inside a used definition.
    let changed = true;
    while (changed) {
      changed = false;
      this.defs.forEach((def, d) => {
        if (this.usedDefs.has(d)) return;
        if (def.instances.some((inst) => this.runs(inst))) {
          this.usedDefs.add(d);
          changed = true;
        }
      });
    }
  }
}
