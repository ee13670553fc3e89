// The doors outsiders can send messages through: http in and websocket endpoints, MQTT, TCP and UDP inputs,
// and dashboard widgets a visitor can use.
import { normalizePath } from "../collect-doors";
import type { FlowGraph } from "./graph";
import { describeNode, ref, str, type RawNode } from "./raw-node";
import type { FlowSource } from "./types";

/** node-red-dashboard widgets a visitor can send a message from. */
export const DASHBOARD1_INPUTS: ReadonlySet<string> = new Set([
  "ui_button",
  "ui_text_input",
  "ui_form",
  "ui_dropdown",
  "ui_slider",
  "ui_switch",
  "ui_numeric",
  "ui_date_picker",
  "ui_colour_picker",
  "ui_template",
]);

/** FlowFuse Dashboard 2 widgets a visitor can send a message from (type names from its nodes/widgets). */
export const DASHBOARD2_INPUTS: ReadonlySet<string> = new Set([
  "ui-button",
  "ui-text-input",
  "ui-form",
  "ui-dropdown",
  "ui-slider",
  "ui-switch",
  "ui-number-input",
  "ui-radio-group",
  "ui-button-group",
  "ui-file-input",
  "ui-template",
]);

const DASHBOARD2_DEFAULT_PATH = "/dashboard";

function httpUrl(node: RawNode): string | undefined {
  const url = str(node.url)?.trim();
  if (!url) return undefined;
  return url.startsWith("/") ? url : `/${url}`;
}

function httpMethod(node: RawNode): string {
  const method = str(node.method)?.trim().toLowerCase() || "get";
  return method === "*" ? "ANY" : method.toUpperCase();
}

function dashboard2Path(graph: FlowGraph, widget: RawNode): string | undefined {
  const group = graph.byId(widget.group);
  const page = group ? graph.byId(group.page) : undefined;
  const base = page ? graph.byId(page.ui) : undefined;
  if (base?.type !== "ui-base") return undefined;
  const path = str(base.path)?.trim();
  return normalizePath(path ? path : DASHBOARD2_DEFAULT_PATH);
}

/** The door a node opens, if any (its reach is worked out by the walk). */
export function describeSource(graph: FlowGraph, node: RawNode): Omit<FlowSource, "reaches"> | undefined {
  const type = String(node.type);
  if (type === "http in") {
    const url = httpUrl(node);
    if (url === undefined) return undefined; // Node-RED registers no route without a URL.
    const method = httpMethod(node);
    return { node: ref(node), kind: "http-in", label: `http in ${method} ${url}`, method, path: url };
  }
  if (type === "websocket in") {
    if (str(node.client)) return undefined; // Client mode connects out.
    const listener = graph.byId(node.server);
    const path = listener?.type === "websocket-listener" ? str(listener.path)?.trim() : undefined;
    if (!path || /^wss?:\/\//i.test(path)) return undefined;
    const p = normalizePath(path);
    return { node: ref(node), kind: "websocket-in", label: `websocket in ${p}`, path: p };
  }
  if (type === "mqtt in") {
    const topic = str(node.topic)?.trim();
    return { node: ref(node), kind: "mqtt-in", label: topic ? `mqtt in ${topic}` : describeNode(node) };
  }
  if ((type === "tcp in" && node.server !== "client") || type === "udp in") {
    const port = str(node.port)?.trim() ?? (typeof node.port === "number" ? String(node.port) : "");
    return { node: ref(node), kind: "network-in", label: port ? `${type} port ${port}` : describeNode(node) };
  }
  if (DASHBOARD1_INPUTS.has(type)) {
    return { node: ref(node), kind: "dashboard1", label: `node-red-dashboard ${describeNode(node)}` };
  }
  if (DASHBOARD2_INPUTS.has(type)) {
    const path = dashboard2Path(graph, node);
    return {
      node: ref(node),
      kind: "dashboard2",
      label: `Dashboard 2 ${describeNode(node)}`,
      ...(path === undefined ? {} : { dashboardPath: path }),
    };
  }
  return undefined;
}
