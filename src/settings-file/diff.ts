// A unified diff of two versions of a text file (line by line, longest common subsequence): what the
// settings.js editor shows for each change it makes.

const CONTEXT = 3;
/** Beyond this many cells the diff falls back to one hunk between the common head and tail. */
const MAX_CELLS = 20_000_000;

type Op = { readonly kind: " " | "-" | "+"; readonly text: string };

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: " ", text }));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    ops.push(...x.map((text) => ({ kind: "-" as const, text })), ...y.map((text) => ({ kind: "+" as const, text })));
  } else {
    const w = y.length + 1;
    const table = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        table[i * w + j] =
          x[i] === y[j]
            ? (table[(i + 1) * w + j + 1] ?? 0) + 1
            : Math.max(table[(i + 1) * w + j] ?? 0, table[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push({ kind: " ", text: x[i++] ?? "" });
        j++;
      } else if (j < y.length && (i >= x.length || (table[i * w + j + 1] ?? 0) >= (table[(i + 1) * w + j] ?? 0))) {
        ops.push({ kind: "+", text: y[j++] ?? "" });
      } else ops.push({ kind: "-", text: x[i++] ?? "" });
    }
  }
  ops.push(...a.slice(a.length - tail).map((text) => ({ kind: " " as const, text })));
  return ops;
}

/** `--- name` / `+++ name` and hunks with three lines of context; "" when nothing changed. */
export function unifiedDiff(before: string, after: string, name: string): string {
  const ops = lcsOps(before.split(/\r?\n/), after.split(/\r?\n/));
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return "";
  const out = [`--- ${name}`, `+++ ${name}`];
  let k = 0;
  while (k < changed.length) {
    const first = changed[k] as number;
    let last = first;
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * CONTEXT + 1)
      last = changed[++k] as number;
    k++;
    const start = Math.max(0, first - CONTEXT);
    const end = Math.min(ops.length - 1, last + CONTEXT);
    let oldLine = 1;
    let newLine = 1;
    for (let i = 0; i < start; i++) {
      if (ops[i]?.kind !== "+") oldLine++;
      if (ops[i]?.kind !== "-") newLine++;
    }
    const body = ops.slice(start, end + 1);
    const oldCount = body.filter((o) => o.kind !== "+").length;
    const newCount = body.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${String(oldLine)},${String(oldCount)} +${String(newLine)},${String(newCount)} @@`);
    out.push(...body.map((o) => `${o.kind}${o.text}`));
  }
  return `${out.join("\n")}\n`;
}
