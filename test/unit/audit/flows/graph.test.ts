import assert from "node:assert/strict";
import { collectFlowFacts } from "../../../../src/audit/flows/collect-flow-facts";
import { TAB, exec, fn, httpIn, node, reach } from "./helpers";

describe("flow reachability", () => {
  it("follows wires and stops where they stop", () => {
    const flows = [
      TAB,
      httpIn("h", "/a", ["f"]),
      fn("f", [["x"], ["y"]]),
      exec("x"),
      node("y", "debug"),
      exec("lonely"),
    ];
    assert.deepEqual(reach(flows), { h: ["x"] });
  });

  it("goes through link out → link in, on other tabs too", () => {
    const flows = [
      TAB,
      { id: "t2", type: "tab", label: "Other" },
      httpIn("h", "/a", ["lo"]),
      node("lo", "link out", [], { mode: "link", links: ["li"] }),
      { ...node("li", "link in", [["x"]], { links: ["lo"] }), z: "t2" },
      { ...exec("x"), z: "t2" },
      node("li2", "link in", [["y"]]),
      exec("y"),
    ];
    assert.deepEqual(reach(flows), { h: ["x"] });
  });

  it("enters a link call's target and comes back when it returns", () => {
    const sub = [
      node("li", "link in", [["sf"]]),
      fn("sf", [["ret", "inner"]]),
      exec("inner"),
      node("ret", "link out", [], { mode: "return" }),
    ];
    const returning = [
      TAB,
      httpIn("h", "/a", ["call"]),
      node("call", "link call", [["after"]], { links: ["li"] }),
      exec("after"),
      ...sub,
    ];
    assert.deepEqual(reach(returning), { h: ["after", "inner"] });
    // Without a return node, nothing comes back out of the call.
    const oneWay = returning.filter((n) => n.id !== "ret").map((n) => (n.id === "sf" ? fn("sf", [["inner"]]) : n));
    assert.deepEqual(reach(oneWay), { h: ["inner"] });
    // Another caller of the same subroutine that no outsider reaches does not make its own output exposed.
    const twoCallers = [
      ...returning,
      node("inj", "inject", [["call2"]]),
      node("call2", "link call", [["other"]], { links: ["li"] }),
      exec("other"),
    ];
    assert.deepEqual(reach(twoCallers), { h: ["after", "inner"] });
  });

  it("treats a dynamic link call as able to call any link in", () => {
    const flows = [
      TAB,
      httpIn("h", "/a", ["call"]),
      node("call", "link call", [[]], { linkType: "dynamic", links: [] }),
      node("li", "link in", [["x"]]),
      exec("x"),
    ];
    assert.deepEqual(reach(flows), { h: ["x"] });
  });

  it("goes into nested subflows and back out through the right outputs", () => {
    const flows = [
      TAB,
      // inner: input → exec inside, and input → output 1 (of 2).
      {
        id: "inner",
        type: "subflow",
        name: "inner",
        in: [{ wires: [{ id: "i-fn" }] }],
        out: [{ wires: [] }, { wires: [{ id: "i-fn", port: 0 }] }],
      },
      { id: "i-fn", type: "function", z: "inner", func: "return msg;", wires: [["i-exec"]] },
      { id: "i-exec", type: "exec", z: "inner", command: "ls", wires: [[], [], []] },
      // outer: input → an instance of inner, whose output 1 is wired to outer's output 0.
      {
        id: "outer",
        type: "subflow",
        name: "outer",
        in: [{ wires: [{ id: "o-inst" }] }],
        out: [{ wires: [{ id: "o-inst", port: 1 }] }],
      },
      { id: "o-inst", type: "subflow:inner", z: "outer", wires: [["o-dead"], []] },
      { id: "o-dead", type: "exec", z: "outer", command: "ls", wires: [[], [], []] },
      httpIn("h", "/a", ["inst"]),
      node("inst", "subflow:outer", [["after"]]),
      exec("after"),
    ];
    // o-dead hangs off inner's output 0, which nothing inside inner reaches.
    assert.deepEqual(reach(flows), { h: ["after", "i-exec"] });
  });

  it("sends a source inside a subflow out through every instance", () => {
    const flows = [
      TAB,
      { id: "sf", type: "subflow", name: "sf", in: [], out: [{ wires: [{ id: "sf-mqtt", port: 0 }] }] },
      { id: "sf-mqtt", type: "mqtt in", z: "sf", topic: "a", wires: [[]] },
      node("i1", "subflow:sf", [["x1"]]),
      node("i2", "subflow:sf", [["x2"]]),
      exec("x1"),
      exec("x2"),
      // A subflow nobody uses runs nothing.
      { id: "unused", type: "subflow", name: "unused", in: [], out: [] },
      { id: "u-mqtt", type: "mqtt in", z: "unused", topic: "b", wires: [["u-exec"]] },
      { id: "u-exec", type: "exec", z: "unused", command: "ls", wires: [[], [], []] },
    ];
    assert.deepEqual(reach(flows), { "sf-mqtt": ["x1", "x2"] });
  });

  it("skips disabled nodes and the nodes of disabled tabs", () => {
    const flows = [
      TAB,
      { id: "t2", type: "tab", label: "Off", disabled: true },
      httpIn("h", "/a", ["f1", "f2"]),
      { ...fn("f1", [["x1"]]), d: true },
      exec("x1"),
      fn("f2", [["x2"]]),
      { ...exec("x2"), d: true },
      { ...httpIn("h2", "/b", ["x3"]), z: "t2" },
      { ...exec("x3"), z: "t2" },
    ];
    assert.deepEqual(reach(flows), { h: [] });
  });

  it("stops at an auth gate's allowed output and goes on from its denied output", () => {
    const gate = (deniedOutput: boolean): unknown[] => [
      TAB,
      httpIn("h", "/a", ["g"]),
      node("g", "auth-gate", deniedOutput ? [["ok"], ["denied"]] : [["ok"]], { deniedOutput, usersConfig: "u" }),
      exec("ok"),
      exec("denied"),
    ];
    assert.deepEqual(reach(gate(false)), { h: [] });
    assert.deepEqual(reach(gate(true)), { h: ["denied"] });
    // Wires on a second output that the gate does not have (deniedOutput off) carry nothing.
    const stale = gate(false).map((n) =>
      (n as { id?: string }).id === "g" ? node("g", "auth-gate", [["ok"], ["denied"]], { deniedOutput: false }) : n,
    );
    assert.deepEqual(reach(stale), { h: [] });
  });

  it("judges an endpoint gated only when a gate stands before every http response", () => {
    const facts = collectFlowFacts({
      flows: [
        TAB,
        httpIn("gated", "/g", ["g"]),
        node("g", "auth-gate", [["r"], ["r"]], { deniedOutput: true }),
        node("r", "http response", []),
        httpIn("leak", "/l", ["g2", "r2"]),
        node("g2", "auth-gate", [["r2"]]),
        node("r2", "http response", []),
        httpIn("nogate", "/n", ["dbg"]),
        node("dbg", "debug", []),
        httpIn("nourl", "", ["r"]),
      ],
    });
    assert.deepEqual(
      facts.httpEndpoints.map((e) => [e.node.id, e.method, e.url, e.gatedInFlow]),
      [
        ["gated", "GET", "/g", true],
        ["leak", "GET", "/l", false],
        ["nogate", "GET", "/n", false],
      ],
    );
  });

  it("names websocket listeners, MQTT, TCP/UDP listeners and dashboard widgets as sources, not clients", () => {
    const facts = collectFlowFacts({
      flows: [
        TAB,
        { id: "wsl", type: "websocket-listener", path: "ws/cmd" },
        { id: "wsc", type: "websocket-client", path: "ws://example.com/x" },
        node("wsin", "websocket in", [[]], { server: "wsl", client: "" }),
        node("wscl", "websocket in", [[]], { server: "", client: "wsc" }),
        node("mq", "mqtt in", [[]], { topic: "home/#" }),
        node("tcp", "tcp in", [[]], { server: "server", port: "5000" }),
        node("tcpc", "tcp in", [[]], { server: "client", host: "example.com", port: "80" }),
        node("udp", "udp in", [[]], { port: 9999 }),
        node("b1", "ui_button", [[]], { group: "g1", name: "Reboot" }),
        node("b2", "ui-button", [[]], { group: "g2" }),
        { id: "g2", type: "ui-group", page: "p2" },
        { id: "p2", type: "ui-page", ui: "base" },
        { id: "base", type: "ui-base", path: "/dash" },
        node("txt", "ui_text", [[]]),
      ],
    });
    assert.deepEqual(
      facts.sources.map((s) => [s.node.id, s.kind, s.label, s.path ?? s.dashboardPath ?? ""]),
      [
        ["wsin", "websocket-in", "websocket in /ws/cmd", "/ws/cmd"],
        ["mq", "mqtt-in", "mqtt in home/#", ""],
        ["tcp", "network-in", "tcp in port 5000", ""],
        ["udp", "network-in", "udp in port 9999", ""],
        ["b1", "dashboard1", "node-red-dashboard ui_button 'Reboot'", ""],
        ["b2", "dashboard2", "Dashboard 2 ui-button b2", "/dash"],
      ],
    );
  });

  it("walks a 10,000-node flow within its budget, linearly", () => {
    const flows: unknown[] = [TAB];
    for (let i = 0; i < 2000; i++) {
      flows.push(httpIn(`h${String(i)}`, `/r${String(i)}`, [`f${String(i)}`]), fn(`f${String(i)}`, [["lo"]]));
    }
    flows.push(node("lo", "link out", [], { links: ["li"] }), node("li", "link in", [["chain0"]]));
    for (let i = 0; i < 5000; i++) flows.push(fn(`chain${String(i)}`, [[`chain${String(i + 1)}`]]));
    flows.push(exec("chain5000"));
    const facts = collectFlowFacts({ flows });
    // Every source reaches the exec at the end of the shared 5,000-node chain, and none was left out.
    assert.equal(facts.sources.filter((s) => s.reaches.length === 1).length, 2000);
    assert.equal(facts.sourcesNotWalked, undefined);
  });
});
