// Closes the doors Express never sees, for gates set up in the editor: websocket upgrades
// (`websocket in` listeners, socket.io's websocket transport) and socket.io's HTTP long-polling,
// which engine.io takes from the server's "request" event before Express gets it. One hook on the
// server's emit sees both before any listener does, whichever package added its listener first.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { type Decision, REASON_TEXT, deny } from "../auth/decision";
import type { AuthGate } from "../gate/auth-gate";
import { type RequestTarget, readTarget, targetBelow, under } from "../auth/request-target";
import { originAllowed, trackClient } from "./factory-gate";
import { refusalHeaders, refuseUpgrade } from "./sockets";

/** Whether engine.io could take the request: it compares the raw path with its own ("…/socket.io/"). */
function isSocketIo(rawPath: string): boolean {
  return rawPath.endsWith("/socket.io") || rawPath.includes("/socket.io/");
}

interface Guarded {
  readonly gate: AuthGate;
  readonly scope: string;
}

export class ServerGuard {
  private readonly gates = new Map<string, Guarded>();
  /** httpNodeRoot, lower case, without a trailing slash ("" for "/"). */
  private readonly root: string;
  /** The editor's own websocket, which carries the editor's token, not a gate's session. */
  private readonly comms: string | undefined;

  constructor(httpNodeRoot: string, httpAdminRoot?: string | false) {
    this.root = httpNodeRoot.replace(/\/+$/, "").toLowerCase();
    this.comms =
      httpAdminRoot === false ? undefined : `${(httpAdminRoot ?? "/").replace(/\/+$/, "").toLowerCase()}/comms`;
  }

  get size(): number {
    return this.gates.size;
  }

  register(id: string, gate: AuthGate): void {
    this.gates.set(id, { gate, scope: gate.options.scope.toLowerCase() });
  }

  unregister(id: string): void {
    this.gates.delete(id);
  }

  /**
   * The gate with the most specific scope covering the target: websocket listeners and engine.io pick
   * their handler by the raw path, so the raw reading decides; failing that, any other reading.
   */
  private match(target: RequestTarget): AuthGate | undefined {
    const below = targetBelow(target, this.root);
    if (!below) return undefined;
    for (const readings of [below.readings.slice(0, 1), below.readings]) {
      let best: Guarded | undefined;
      for (const g of this.gates.values()) {
        if (readings.some((r) => under(r, g.scope)) && (!best || g.scope.length > best.scope.length)) best = g;
      }
      if (best) return best.gate;
    }
    return undefined;
  }

  /** Whether this event is for the guard; when it is, the guard forwards or answers it later. */
  intercept(event: string | symbol, args: unknown[], forward: () => void): boolean {
    if (this.gates.size === 0 || (event !== "request" && event !== "upgrade")) return false;
    const req = args[0] as IncomingMessage;
    // engine.io compares the raw URL with its path, so only a raw "/socket.io" can skip Express: any
    // other request (most of them) goes on untouched, to be judged by the gate dispatcher.
    if (event === "request" && !(req.url ?? "").toLowerCase().includes("/socket.io")) return false;
    const target = readTarget(req.url);
    if (event === "request" && !isSocketIo(target.raw)) return false;
    // The editor checks its own websocket: a gate guarding "/" must not cut the editor off.
    if (event === "upgrade" && !target.ambiguous && target.readings[0] === this.comms) return false;
    const gate = this.match(target);
    if (!gate) return false;
    // Node-RED's listeners read "\", a scheme and host, a "#" their own way: refused, not guessed at.
    if (target.ambiguous) {
      const denial = deny("ambiguous-target");
      if (event === "upgrade") refuseUpgrade(args[1] as Duplex, denial.status, REASON_TEXT[denial.reason], {});
      else this.refuse(args[1] as ServerResponse, denial.status, REASON_TEXT[denial.reason], {});
      return true;
    }
    if (event === "upgrade") this.checkUpgrade(gate, req, args[1] as Duplex, forward);
    else this.checkRequest(gate, req, args[1] as ServerResponse, forward);
    return true;
  }

  private async decide(gate: AuthGate, req: IncomingMessage): Promise<Decision> {
    try {
      return await gate.authenticate(req as never);
    } catch {
      return deny("not-configured");
    }
  }

  private checkUpgrade(gate: AuthGate, req: IncomingMessage, socket: Duplex, forward: () => void): void {
    // Browsers send the session cookie on handshakes that pages of other sites start.
    if (!originAllowed(req, gate.options.trustProxy, [])) {
      refuseUpgrade(socket, 403, "Cross-origin websocket refused", {});
      return;
    }
    void this.decide(gate, req).then((decision) => {
      if (socket.destroyed) return;
      if (!decision.allow) {
        const basic = gate.options.method !== "form";
        refuseUpgrade(
          socket,
          decision.status,
          REASON_TEXT[decision.reason],
          refusalHeaders(decision, gate.options.realm, basic),
        );
        return;
      }
      const detach = trackClient(req, decision, gate.usersContext(), () => socket.destroy());
      if (detach) socket.once("close", detach);
      forward();
    });
  }

  private checkRequest(gate: AuthGate, req: IncomingMessage, res: ServerResponse, forward: () => void): void {
    if (!originAllowed(req, gate.options.trustProxy, [])) {
      this.refuse(res, 403, "Cross-origin request refused", {});
      return;
    }
    void this.decide(gate, req).then((decision) => {
      if (res.writableEnded) return;
      if (!decision.allow) {
        const basic = gate.options.method !== "form";
        this.refuse(
          res,
          decision.status,
          REASON_TEXT[decision.reason],
          refusalHeaders(decision, gate.options.realm, basic),
        );
        return;
      }
      // Each long-poll is checked again, so an ended session stops here; nothing to close later.
      trackClient(req, decision, gate.usersContext(), undefined);
      forward();
    });
  }

  private refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
    if (res.headersSent) return;
    res.writeHead(status, {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(JSON.stringify({ error: message }));
  }
}

const guards = new WeakMap<Server, ServerGuard>();

/** The guard of a server, hooked into its events once. */
export function serverGuardFor(server: Server, httpNodeRoot: string, httpAdminRoot?: string | false): ServerGuard {
  const known = guards.get(server);
  if (known) return known;
  const created = new ServerGuard(httpNodeRoot, httpAdminRoot);
  guards.set(server, created);
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  const hooked = function (event: string | symbol, ...args: unknown[]): boolean {
    const forward = (): boolean => emit(event, ...args);
    if (created.intercept(event, args, forward)) return true;
    return forward();
  };
  server.emit = hooked as Server["emit"];
  return created;
}
