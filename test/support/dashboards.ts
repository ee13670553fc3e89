// Flows with a node-red-dashboard page, a Dashboard 2 page and a websocket echo, and the real clients
// (socket.io-client, ws) that talk to them the way a browser or a device would.
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";

export const DASHBOARD_MODULES = ["node-red-dashboard", "@flowfuse/node-red-dashboard"] as const;

/** node-red-dashboard (1.x/3.x): a tab, a group and a text widget fed by `POST`-free http-in /push-ui. */
export function dashboard1Flow(z: string): unknown[] {
  return [
    { id: "d1tab", type: "ui_tab", name: "Home", icon: "dashboard", order: 1, disabled: false, hidden: false },
    { id: "d1grp", type: "ui_group", name: "Heating", tab: "d1tab", order: 1, disp: true, width: "6", collapse: false },
    {
      id: "d1text",
      type: "ui_text",
      z,
      group: "d1grp",
      order: 1,
      width: 0,
      height: 0,
      name: "",
      label: "Temperature",
      format: "{{msg.payload}}",
      layout: "row-spread",
      wires: [],
    },
  ];
}

/** Dashboard 2: a base at /dashboard, one page, a text widget and a button that records msg._client. */
export function dashboard2Flow(z: string): unknown[] {
  return [
    {
      id: "d2base",
      type: "ui-base",
      name: "UI",
      path: "/dashboard",
      includeClientData: true,
      acceptsClientConfig: ["ui-notification", "ui-control"],
      showPathInSidebar: false,
      navigationStyle: "default",
      titleBarStyle: "default",
    },
    {
      id: "d2theme",
      type: "ui-theme",
      name: "Theme",
      colors: {
        surface: "#ffffff",
        primary: "#0094CE",
        bgPage: "#eeeeee",
        groupBg: "#ffffff",
        groupOutline: "#cccccc",
      },
      sizes: { pagePadding: "12px", groupGap: "12px", groupBorderRadius: "4px", widgetGap: "12px" },
    },
    {
      id: "d2page",
      type: "ui-page",
      name: "Home",
      ui: "d2base",
      path: "/home",
      icon: "home",
      layout: "grid",
      theme: "d2theme",
      order: 1,
      className: "",
      visible: "true",
      disabled: "false",
    },
    {
      id: "d2grp",
      type: "ui-group",
      name: "Heating",
      page: "d2page",
      width: "6",
      height: "1",
      order: 1,
      showTitle: true,
      className: "",
      visible: "true",
      disabled: "false",
    },
    {
      id: "d2text",
      type: "ui-text",
      z,
      group: "d2grp",
      order: 1,
      width: 0,
      height: 0,
      name: "",
      label: "Temperature",
      format: "{{msg.payload}}",
      layout: "row-spread",
      style: false,
      font: "",
      fontSize: 16,
      color: "#717171",
      className: "",
      wires: [],
    },
    {
      id: "d2button",
      type: "ui-button",
      z,
      group: "d2grp",
      name: "",
      label: "Who am I",
      order: 2,
      width: 0,
      height: 0,
      emulateClick: false,
      tooltip: "",
      color: "",
      bgcolor: "",
      className: "",
      icon: "",
      iconPosition: "left",
      payload: "clicked",
      payloadType: "str",
      topic: "topic",
      topicType: "msg",
      buttonColor: "",
      textColor: "",
      iconColor: "",
      enableClick: true,
      enablePointerdown: false,
      pointerdownPayload: "",
      pointerdownPayloadType: "str",
      enablePointerup: false,
      pointerupPayload: "",
      pointerupPayloadType: "str",
      x: 0,
      y: 0,
      wires: [["d2remember"]],
    },
    {
      id: "d2remember",
      type: "change",
      z,
      rules: [{ t: "set", p: "lastClient", pt: "global", to: "_client", tot: "msg" }],
      wires: [[]],
    },
  ];
}

/**
 * Feeds both dashboards and lets tests read what Dashboard 2 said about the last client:
 * GET /push?value=… updates both text widgets; GET /last-client answers msg._client of the last click.
 */
export function plumbingFlow(z: string): unknown[] {
  return [
    { id: "pushIn", type: "http in", z, url: "/push", method: "get", wires: [["pushSet"]] },
    {
      id: "pushSet",
      type: "change",
      z,
      rules: [{ t: "set", p: "payload", pt: "msg", to: "req.query.value", tot: "msg" }],
      wires: [["d1text", "d2text", "pushOut"]],
    },
    { id: "pushOut", type: "http response", z, statusCode: "204", wires: [] },
    { id: "whoIn", type: "http in", z, url: "/last-client", method: "get", wires: [["whoSet"]] },
    {
      id: "whoSet",
      type: "change",
      z,
      rules: [{ t: "set", p: "payload", pt: "msg", to: "lastClient", tot: "global" }],
      wires: [["whoOut"]],
    },
    { id: "whoOut", type: "http response", z, wires: [] },
  ];
}

/** A websocket listener at `path` whose `websocket in` is wired to its `websocket out`: an echo. */
export function echoFlow(z: string, path: string): unknown[] {
  return [
    { id: "wsl", type: "websocket-listener", path, wholemsg: "false" },
    { id: "wsIn", type: "websocket in", z, server: "wsl", client: "", wires: [["wsOut"]] },
    { id: "wsOut", type: "websocket out", z, server: "wsl", client: "", wires: [] },
  ];
}

export interface SocketOutcome {
  readonly connected: boolean;
  readonly error?: string;
  readonly socket?: Socket;
}

/** Every event a socket received, from its first moment (servers send some right at connection). */
const received = new WeakMap<Socket, [string, unknown[]][]>();

/** Opens a socket.io connection as the dashboard page does; resolves once connected or refused. */
export function connectSocketIo(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const socket = io(url, {
      path,
      extraHeaders: headers,
      reconnection: false,
      timeout: 5000,
      transports: ["polling", "websocket"],
      forceNew: true,
    });
    const log: [string, unknown[]][] = [];
    received.set(socket, log);
    socket.onAny((event: string, ...args: unknown[]) => log.push([event, args]));
    const timer = setTimeout(() => {
      socket.close();
      resolve({ connected: false, error: "timeout" });
    }, 8000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve({ connected: true, socket });
    });
    socket.once("connect_error", (err: Error) => {
      clearTimeout(timer);
      socket.close();
      resolve({ connected: false, error: err.message });
    });
  });
}

/**
 * Resolves with the arguments of the first `event` received at or after position `from` of the
 * socket's log (0: since it connected), or rejects after `ms`.
 */
export async function waitForEvent(socket: Socket, event: string, from = 0, ms = 5000): Promise<unknown[]> {
  const log = received.get(socket) ?? [];
  const deadline = Date.now() + ms;
  for (;;) {
    const found = log.slice(from).find(([name]) => name === event);
    if (found) return found[1];
    if (Date.now() > deadline) throw new Error(`no "${event}" within ${String(ms)} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many events the socket has received so far: pass it to waitForEvent to wait for new ones. */
export function eventCount(socket: Socket): number {
  return received.get(socket)?.length ?? 0;
}

export interface WsOutcome {
  readonly open: boolean;
  readonly status?: number;
  readonly ws?: WebSocket;
}

/** Opens a websocket; resolves open, or with the HTTP status the server refused the upgrade with. */
export function connectWs(url: string, headers: Record<string, string> = {}): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 5000 });
    ws.once("open", () => resolve({ open: true, ws }));
    ws.once("unexpected-response", (_req, res) => {
      resolve({ open: false, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once("error", () => resolve({ open: false }));
  });
}

/** Sends `text` and resolves with the next message, or rejects after `ms`. */
export function echo(ws: WebSocket, text: string, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no echo")), ms);
    ws.once("message", (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString());
    });
    ws.send(text);
  });
}

/** Resolves true once the websocket is closed (by the server), false if still open after `ms`. */
export function closedWithin(ws: WebSocket, ms = 5000): Promise<boolean> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ws.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Resolves true once the socket.io socket disconnects, false if still connected after `ms`. */
export function disconnectedWithin(socket: Socket, ms = 5000): Promise<boolean> {
  if (!socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once("disconnect", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
