// One middleware at the front of Node-RED's httpNode app: it serves every gate's login and logout
// pages and guards the path prefixes gates protect without wiring — in front of http-in routes,
// dashboards, uibuilder pages and static files under httpNodeRoot alike.
import type { Express, NextFunction, Request, Response } from "express";
import type { AuthGate } from "../gate/auth-gate";
import { deny } from "../auth/decision";
import { readTarget, under } from "../auth/request-target";
import { registry } from "../runtime/registry";

interface Registration {
  readonly id: string;
  readonly gate: AuthGate;
  /** The gate's scope, lower case. */
  readonly scope: string;
  /** Whether the gate also guards its whole scope (not only the flows wired through it). */
  readonly protectScope: boolean;
}

interface Layer {
  name?: string;
  handle?: unknown;
}

export class GateDispatcher {
  private readonly gates = new Map<string, Registration>();

  register(id: string, gate: AuthGate, protectScope: boolean): string | undefined {
    const clash = [...this.gates.values()].find(
      (r) =>
        r.id !== id &&
        [r.gate.options.loginPath, r.gate.options.logoutPath].some((p) =>
          [gate.options.loginPath, gate.options.logoutPath].includes(p),
        ),
    );
    this.gates.set(id, { id, gate, scope: gate.options.scope.toLowerCase(), protectScope });
    return clash?.id;
  }

  unregister(id: string): void {
    this.gates.delete(id);
  }

  get size(): number {
    return this.gates.size;
  }

  /** Serves a gate's login or logout page when `path` is one of them. */
  private serveOwnRoute(gate: AuthGate, path: string, req: Request, res: Response, next: NextFunction): boolean {
    const { loginPath, logoutPath, method } = gate.options;
    if (method === "basic") return false;
    if (path !== loginPath.toLowerCase() && path !== logoutPath.toLowerCase()) return false;
    gate
      .handleOwnRoute(req, res, path)
      .then((handled) => {
        if (!handled) next();
      })
      .catch(() => {
        if (!res.headersSent) res.status(500).json({ error: "login failed" });
      });
    return true;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    // Middleware mounted deeper (a dashboard's) learns from this where httpNodeRoot ends.
    res.locals.nrsRoot = req.baseUrl.replace(/\/+$/, "");
    const loginGates = registry().loginGates;
    if (this.gates.size === 0 && loginGates.size === 0) {
      next();
      return;
    }
    // req.url is below httpNodeRoot here (an absolute-form target keeps its scheme and host).
    const target = readTarget(req.url);
    if (!target.ambiguous) {
      const path = target.readings[0] ?? "/";
      for (const { gate } of this.gates.values()) if (this.serveOwnRoute(gate, path, req, res, next)) return;
      for (const gate of loginGates.values()) if (this.serveOwnRoute(gate, path, req, res, next)) return;
    }
    // The most specific protected scope decides; a target with two readings (raw for routes, decoded for
    // static files) must pass the gate of each.
    const guards: Registration[] = [];
    for (const reading of target.readings) {
      const guard = this.guardFor(reading);
      if (guard && !guards.includes(guard)) guards.push(guard);
    }
    const [first, second] = guards;
    if (!first) next();
    // A path that the routes behind could read another way than this check: refused, not guessed at.
    else if (target.ambiguous) first.gate.respond(req, res, deny("ambiguous-target"));
    else if (!second) first.gate.guard(req, res, next);
    else {
      const run = (index: number): void => {
        const reg = guards[index];
        if (!reg) next();
        else reg.gate.guard(req, res, () => run(index + 1));
      };
      run(0);
    }
  };

  /** The gate with the most specific protected scope covering one reading of a target. */
  private guardFor(reading: string): Registration | undefined {
    let guard: Registration | undefined;
    for (const reg of this.gates.values()) {
      if (!reg.protectScope || !under(reading, reg.scope)) continue;
      if (!guard || reg.scope.length > guard.scope.length) guard = reg;
    }
    return guard;
  }
}

const dispatchers = new WeakMap<Express, GateDispatcher>();

/** The dispatcher of an httpNode app, mounted (once) ahead of every route already there. */
export function dispatcherFor(app: Express): GateDispatcher {
  let dispatcher = dispatchers.get(app);
  if (dispatcher) return dispatcher;
  dispatcher = new GateDispatcher();
  dispatchers.set(app, dispatcher);
  const middleware = dispatcher.middleware;
  Object.defineProperty(middleware, "name", { value: "nodeRedContribSecurityGates" });
  app.use(middleware);
  moveToFront(app, middleware);
  return dispatcher;
}

/**
 * Routes added before this package was loaded (an install from the palette into a running
 * Node-RED) would otherwise be matched first. Express keeps its layers in a plain array.
 */
function moveToFront(app: Express, handle: unknown): void {
  const holder = app as unknown as { _router?: { stack?: Layer[] }; router?: { stack?: Layer[] } };
  const stack = holder._router?.stack ?? holder.router?.stack;
  if (!Array.isArray(stack)) return;
  const index = stack.findIndex((layer) => layer.handle === handle);
  if (index < 0) return;
  const [layer] = stack.splice(index, 1);
  if (!layer) return;
  // Right after Express's own request set-up (query parsing, req.path…), which others may
  // already have pushed down the stack (Node-RED puts its raw-body capture first).
  const init = stack.findIndex((l) => l.name === "expressInit");
  stack.splice(init + 1, 0, layer);
}
