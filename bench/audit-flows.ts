// The audit of a 10,000-node flow file (DESIGN.md: ≤ 200 ms): collectFacts + runAudit on a generated,
// realistic mix — tabs of http in/response endpoints, functions with real-looking code (reading the request),
// change and switch nodes, link out/in and link call subroutines, a subflow used many times, MQTT, dashboards, some exec
// nodes. Runs alone with `node --import tsx bench/audit-flows.ts`; bench/run.ts calls it too.
import { collectFacts, runAudit, type DoorContext } from "../src/audit";

type Node = Record<string, unknown>;

const FUNC = `// scale a reading and keep the last value
const last = context.get("last") || 0;
const value = Number(msg.payload) * 1.8 + 32;
if (Number.isNaN(value)) { node.warn("not a number: " + msg.payload); return null; }
context.set("last", value);
msg.payload = { value, delta: value - last, at: Date.now() };
return msg;`;

/** An endpoint's function: reads the request, so the reader of home-made logins has real work to do. */
const ENDPOINT_FUNC = `// answer in the unit the caller asked for
const { unit = "C" } = msg.req.query;
const accept = msg.req.headers["accept"] || "";
if (unit !== "C" && unit !== "F") { msg.statusCode = 400; return msg; }
if (!accept.includes("application/json")) msg.headers = { "content-type": "text/plain" };
msg.payload = { unit, value: flow.get("last-" + unit) };
return msg;`;

/** A flow file of about `target` nodes; the same input gives the same file. */
export function generateFlows(target = 10_000): Node[] {
  const flows: Node[] = [];
  const sub = "sf-filter";
  flows.push({
    id: sub,
    type: "subflow",
    name: "filter",
    in: [{ x: 40, y: 40, wires: [{ id: `${sub}-n0` }] }],
    out: [{ x: 600, y: 40, wires: [{ id: `${sub}-n7`, port: 0 }] }],
  });
  for (let i = 0; i < 8; i++) {
    flows.push({
      id: `${sub}-n${String(i)}`,
      type: i % 2 === 0 ? "function" : "change",
      z: sub,
      func: FUNC,
      rules: [{ t: "set", p: "topic", pt: "msg", to: "filtered", tot: "str" }],
      wires: i < 7 ? [[`${sub}-n${String(i + 1)}`]] : [[]],
    });
  }
  flows.push({ id: "broker", type: "mqtt-broker", name: "home", broker: "mosquitto", port: "1883" });
  flows.push({ id: "users", type: "auth-users", name: "people", cost: 12, accounts: [{ id: "u", username: "admin" }] });
  let tab = 0;
  while (flows.length < target) {
    const t = `tab${String(tab)}`;
    flows.push({ id: t, type: "tab", label: `Room ${String(tab)}`, disabled: false });
    const id = (k: string): string => `${t}-${k}`;
    // A subroutine on each tab: link in → function → link out (return).
    flows.push({ id: id("sub-in"), type: "link in", z: t, links: [], wires: [[id("sub-fn")]] });
    flows.push({ id: id("sub-fn"), type: "function", z: t, func: FUNC, wires: [[id("sub-ret")]] });
    flows.push({ id: id("sub-ret"), type: "link out", z: t, mode: "return", links: [], wires: [] });
    for (let e = 0; e < 10; e++) {
      const k = (s: string): string => id(`${s}${String(e)}`);
      const gated = e % 3 === 0;
      flows.push({
        id: k("in"),
        type: "http in",
        z: t,
        url: `/${t}/api/${String(e)}`,
        method: e % 2 ? "post" : "get",
        wires: [[gated ? k("gate") : k("fn")]],
      });
      if (gated)
        flows.push({
          id: k("gate"),
          type: "auth-gate",
          z: t,
          usersConfig: "users",
          method: "form",
          wires: [[k("fn")]],
        });
      flows.push({ id: k("fn"), type: "function", z: t, func: ENDPOINT_FUNC, wires: [[k("call")]] });
      flows.push({ id: k("call"), type: "link call", z: t, links: [id("sub-in")], wires: [[k("sw")]] });
      flows.push({
        id: k("sw"),
        type: "switch",
        z: t,
        property: "payload.value",
        rules: [{ t: "gt", v: "20", vt: "num" }, { t: "else" }],
        wires: [[k("sf")], [k("chg")]],
      });
      flows.push({ id: k("sf"), type: `subflow:${sub}`, z: t, wires: [[k("chg")]] });
      flows.push({
        id: k("chg"),
        type: "change",
        z: t,
        rules: [{ t: "set", p: "payload.unit", pt: "msg", to: "F", tot: "str" }],
        wires: [[k("tpl"), k("lo")]],
      });
      flows.push({
        id: k("tpl"),
        type: "template",
        z: t,
        syntax: "mustache",
        template: "<p>{{payload.value}} °F</p>",
        wires: [[k("resp")]],
      });
      flows.push({ id: k("resp"), type: "http response", z: t, wires: [] });
      flows.push({ id: k("lo"), type: "link out", z: t, mode: "link", links: [id("log-in")], wires: [] });
      for (let d = 0; d < 3; d++) flows.push({ id: k(`dbg${String(d)}-`), type: "debug", z: t, wires: [] });
    }
    // Logging: link in → function → file, and an MQTT feed into a (fixed) exec.
    flows.push({ id: id("log-in"), type: "link in", z: t, links: [], wires: [[id("log-fn")]] });
    flows.push({ id: id("log-fn"), type: "function", z: t, func: FUNC, wires: [[id("log-file")]] });
    flows.push({ id: id("log-file"), type: "file", z: t, filename: `/var/log/${t}.log`, wires: [[]] });
    flows.push({
      id: id("mq"),
      type: "mqtt in",
      z: t,
      topic: `home/${t}/cmd`,
      broker: "broker",
      wires: [[id("mq-fn")]],
    });
    flows.push({ id: id("mq-fn"), type: "function", z: t, func: FUNC, wires: [[id("exec")]] });
    flows.push({
      id: id("exec"),
      type: "exec",
      z: t,
      command: "/usr/local/bin/blinds",
      name: "blinds",
      wires: [[], [], []],
    });
    flows.push({ id: id("inj"), type: "inject", z: t, repeat: "60", wires: [[id("mq-fn")]] });
    tab++;
  }
  return flows.slice(0, target);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Times collectFacts + runAudit on a generated 10,000-node flow file; the median of `runs`. */
export async function benchAuditFlows(runs = 9): Promise<{ ms: number; nodes: number; findings: number }> {
  const flows = generateFlows();
  const doors: DoorContext = { installed: { dashboard1: false, dashboard2: false }, flows };
  const times: number[] = [];
  let findings = 0;
  // One warm-up run, as a running Node-RED has its code compiled already.
  for (let r = 0; r <= runs; r++) {
    const start = performance.now();
    const facts = await collectFacts({ uiHost: "0.0.0.0" }, { source: "settings-file", doors });
    const report = runAudit(facts);
    const ms = performance.now() - start;
    if (r > 0) times.push(ms);
    findings = report.findings.length;
  }
  return { ms: median(times), nodes: flows.length, findings };
}

async function main(): Promise<void> {
  const { ms, nodes, findings } = await benchAuditFlows();
  const ok = ms <= 200;
  console.log(`audit of ${String(nodes)} flow nodes: ${ms.toFixed(1)} ms (median), ${String(findings)} findings`);
  console.log("\ntargets (DESIGN.md):");
  console.log(`  ${ok ? "met   " : "MISSED"}  audit of a 10,000-node flow file ≤ 200 ms (${ms.toFixed(1)} ms)`);
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1]?.endsWith("audit-flows.ts")) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  });
}
