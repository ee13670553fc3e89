// The deployed flows as a message graph, and a walk over it: where can a message that enters at one node go?
// Pure and defensive: the input may be anything (a corrupt file, a node without wires); nothing here throws.
//
// Edges: a node's `wires` (one list per output); `link out` → the `link in` nodes in its `links`; `link call`
// → its targets, then on to its own output when a target can return (a `link out` in "return" mode sends the
// message back to the caller); a subflow instance (`subflow:<id>`) → the nodes its definition's input is wired
// to, and on to the instance's output i when something inside reaches the definition's output i (subflows
// nest). An `auth-gate` stops the walk on its first output (those requests passed a login); with
// `deniedOutput` its second output carries refused requests, and the walk goes on there when asked to.
// Disabled nodes and the nodes of disabled tabs are not started by Node-RED, so they are not part of it.
import { FlowShape } from "./graph-shape";

export type GateMode =
  /** Both outputs of an auth gate stop the walk (FLOW-001: is the endpoint answered before a login?). */
  | "stop"
  /** The denied output goes on when the gate has one (which outsiders' messages reach which nodes?). */
  | "denied-continues";

export class FlowGraph extends FlowShape {
  private readonly summaries: Record<GateMode, Map<number, readonly number[]>> = {
    stop: new Map(),
    "denied-continues": new Map(),
  };
  private readonly returns: Record<GateMode, Map<number, boolean>> = { stop: new Map(), "denied-continues": new Map() };
  /** Nodes visited by all walks so far: a budget keeps a pathological flow from taking forever. */
  visits = 0;

  /**
   * Walks from `start` (whose outputs carry the message) and calls `visit` on each node the message
   * reaches, once. `enterBodies` walks into called link-in subroutines and subflow definitions (to find
   * what is there); summaries of what comes back out are used either way.
   */
  walk(start: number, mode: GateMode, visit: (i: number) => void, enterBodies = true): void {
    // Definitions whose every instance carries this message: the one the start sits in, and outward.
    const everywhere = new Set<number>();
    const pending = [this.insideDef.get(start)];
    for (let d = pending.pop(); pending.length > 0 || d !== undefined; d = pending.pop()) {
      if (d === undefined || everywhere.has(d)) continue;
      everywhere.add(d);
      for (const inst of this.defs[d]?.instances ?? []) pending.push(this.insideDef.get(inst));
    }
    this.run([start], [], mode, visit, enterBodies, (def, output, emit) => {
      if (!everywhere.has(def)) return;
      for (const inst of this.defs[def]?.instances ?? []) emit(inst, output);
    });
  }

  /**
   * Every node that a message sent by any of `starts` reaches, in one walk: through denied outputs of gates
   * that have one, into subflows and out through every instance of them.
   */
  reachableFrom(starts: readonly number[]): Set<number> {
    const seen = new Set<number>();
    if (starts.length === 0) return seen;
    this.run(
      starts,
      [],
      "denied-continues",
      (i) => seen.add(i),
      true,
      (def, output, emit) => {
        for (const inst of this.defs[def]?.instances ?? []) emit(inst, output);
      },
    );
    return seen;
  }

  /**
   * The walk itself. `senders` send the message on all their outputs; `receivers` get it on their input.
   * `onExit` hears of a node inside a subflow definition sending it to that definition's output.
   */
  private run(
    senders: readonly number[],
    receivers: readonly number[],
    mode: GateMode,
    visit: (i: number) => void,
    enterBodies: boolean,
    onExit: (def: number, output: number, emit: (i: number, port: number) => void) => void,
  ): void {
    const visited = new Set<number>(senders);
    const stack: number[] = [];
    const receive = (i: number): void => {
      if (visited.has(i)) return;
      visited.add(i);
      this.visits++;
      visit(i);
      stack.push(i);
    };
    const emitted = new Set<string>();
    const emit = (i: number, port: number): void => {
      for (const t of this.wires[i]?.[port] ?? []) receive(t);
      for (const exit of this.exits.get(i) ?? []) {
        if (exit.port !== port) continue;
        const key = `${String(exit.def)}:${String(exit.output)}`;
        if (emitted.has(key)) continue;
        emitted.add(key);
        onExit(exit.def, exit.output, emit);
      }
    };
    const emitAll = (i: number): void => {
      const ports = Math.max(this.wires[i]?.length ?? 0, 1);
      for (let p = 0; p < ports; p++) emit(i, p);
    };
    for (const s of senders) emitAll(s);
    for (const r of receivers) receive(r);
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      const node = this.nodes[i];
      if (!node) continue;
      const type = String(node.type);
      if (type === "auth-gate") {
        if (mode === "denied-continues" && node.deniedOutput === true) emit(i, 1);
      } else if (type === "link out") {
        for (const t of this.linkTargets.get(i) ?? []) receive(t);
      } else if (type === "link call") {
        const targets = this.linkTargets.get(i) ?? [];
        if (enterBodies) for (const t of targets) receive(t);
        if (targets.some((t) => this.canReturn(t, mode))) emit(i, 0);
      } else if (type.startsWith("subflow:")) {
        const def = this.defIndex.get(type.slice("subflow:".length));
        if (def === undefined) continue;
        if (enterBodies) for (const t of this.defs[def]?.entries ?? []) receive(t);
        for (const o of this.summary(def, mode)) emit(i, o);
      } else {
        emitAll(i);
      }
    }
  }

  /** Nodes a message received by `i` goes to next (for a start outside subflows: no exits to follow). */
  private successors(i: number, mode: GateMode): readonly number[] {
    const node = this.nodes[i];
    if (!node) return [];
    const type = String(node.type);
    const ports = (list: readonly number[]): number[] => list.flatMap((p) => this.wires[i]?.[p] ?? []);
    if (type === "auth-gate") return mode === "denied-continues" && node.deniedOutput === true ? ports([1]) : [];
    if (type === "link out") return this.linkTargets.get(i) ?? [];
    if (type === "link call") {
      const targets = this.linkTargets.get(i) ?? [];
      return targets.some((t) => this.canReturn(t, mode)) ? [...targets, ...ports([0])] : targets;
    }
    if (type.startsWith("subflow:")) {
      const def = this.defIndex.get(type.slice("subflow:".length));
      if (def === undefined) return [];
      return [...(this.defs[def]?.entries ?? []), ...ports(this.summary(def, mode))];
    }
    const wires = this.wires[i] ?? [];
    return wires.length === 1 ? (wires[0] ?? []) : wires.flat();
  }

  /**
   * For every node, which marked nodes a message it receives can reach (itself included), as bit sets:
   * strongly connected components (Tarjan, iterative) in reverse topological order, so each set is the
   * union of its successors' — linear in the size of the flows times the number of marks / 32.
   * Valid for messages that start outside subflow definitions; walk() handles the others.
   */
  closure(mode: GateMode, marks: ReadonlyMap<number, number>, width: number): (i: number) => Uint32Array {
    const n = this.nodes.length;
    const words = Math.max(1, Math.ceil(width / 32));
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const comp = new Int32Array(n).fill(-1);
    // One bit set per component, side by side: component c owns words [c * words, (c + 1) * words).
    const sets = new Uint32Array(n * words);
    const succ: (readonly number[])[] = new Array<readonly number[]>(n);
    const stack = new Int32Array(n);
    let top = 0;
    const workNode = new Int32Array(n);
    const workEdge = new Int32Array(n);
    let components = 0;
    let counter = 0;
    for (let root = 0; root < n; root++) {
      if (index[root] !== -1) continue;
      let depth = 0;
      workNode[0] = root;
      workEdge[0] = 0;
      while (depth >= 0) {
        const v = workNode[depth] as number;
        const k = workEdge[depth] as number;
        if (k === 0) {
          index[v] = low[v] = counter++;
          stack[top++] = v;
          onStack[v] = 1;
          succ[v] = this.successors(v, mode);
        }
        const next = succ[v] as readonly number[];
        if (k < next.length) {
          workEdge[depth] = k + 1;
          const w = next[k] as number;
          if (index[w] === -1) {
            depth++;
            workNode[depth] = w;
            workEdge[depth] = 0;
          } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
            low[v] = index[w] as number;
          }
          continue;
        }
        depth--;
        if (depth >= 0) {
          const parent = workNode[depth] as number;
          if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
        }
        if (low[v] !== index[v]) continue;
        const c = components++;
        const base = c * words;
        const first = top;
        let w: number;
        do {
          w = stack[--top] as number;
          onStack[w] = 0;
          comp[w] = c;
        } while (w !== v);
        for (let m = top; m < first; m++) {
          const member = stack[m] as number;
          const bit = marks.get(member);
          if (bit !== undefined) sets[base + (bit >>> 5)] = (sets[base + (bit >>> 5)] as number) | (1 << (bit & 31));
          for (const x of succ[member] as readonly number[]) {
            const other = comp[x] as number;
            if (other === c || other === -1) continue;
            const from = other * words;
            for (let j = 0; j < words; j++) sets[base + j] = (sets[base + j] as number) | (sets[from + j] as number);
          }
        }
        this.visits += first - top;
      }
    }
    return (i) => {
      const c = comp[i] ?? -1;
      return c === -1 ? new Uint32Array(words) : sets.subarray(c * words, (c + 1) * words);
    };
  }

  /** What a message sent on every output of `i` reaches, from `closure()`'s sets (start outside subflows). */
  static fromSender(graph: FlowGraph, i: number, reach: (j: number) => Uint32Array, width: number): Uint32Array {
    const words = Math.max(1, Math.ceil(width / 32));
    const out = new Uint32Array(words);
    for (const port of graph.wires[i] ?? []) {
      for (const j of port) {
        const set = reach(j);
        for (let k = 0; k < words; k++) out[k] = (out[k] as number) | (set[k] as number);
      }
    }
    return out;
  }

  /** Which outputs of a subflow definition a message on its input can reach. */
  private summary(d: number, mode: GateMode): readonly number[] {
    const memo = this.summaries[mode];
    const known = memo.get(d);
    if (known) return known;
    const def = this.defs[d];
    if (!def) return [];
    // While it is being worked out (a subflow that contains itself, which Node-RED refuses): assume all.
    memo.set(
      d,
      Array.from({ length: def.outputs }, (_, o) => o),
    );
    const reached = new Set<number>();
    def.passthrough.forEach((p, o) => {
      if (p) reached.add(o);
    });
    this.run(
      [],
      def.entries,
      mode,
      () => undefined,
      false,
      (exitDef, output) => {
        if (exitDef === d) reached.add(output);
      },
    );
    const result = [...reached].sort((a, b) => a - b);
    memo.set(d, result);
    return result;
  }

  /** Whether a message that enters this `link in` can come back to the caller (a return-mode `link out`). */
  private canReturn(linkIn: number, mode: GateMode): boolean {
    const memo = this.returns[mode];
    const known = memo.get(linkIn);
    if (known !== undefined) return known;
    memo.set(linkIn, true);
    let found = false;
    const isReturn = (i: number): boolean => {
      const n = this.nodes[i];
      return n?.type === "link out" && n.mode === "return";
    };
    this.run(
      [],
      [linkIn],
      mode,
      (i) => {
        if (isReturn(i)) found = true;
      },
      false,
      () => undefined,
    );
    memo.set(linkIn, found);
    return found;
  }
}
