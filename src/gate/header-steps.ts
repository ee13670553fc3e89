// Security headers at the cost of a few setHeader calls: a helmet middleware that only sets and removes
// fixed headers is run once against a stand-in response, and its steps are replayed on every response.
import type { Request, RequestHandler, Response } from "express";

export type HeaderStep = readonly [name: string, value: number | string | readonly string[] | undefined];

/**
 * The headers a middleware sets and removes, found once by running it against a stand-in response, when
 * that is all it does (no reading of the request, nothing that depends on it); undefined otherwise.
 */
export function fixedHeaderSteps(middleware: RequestHandler): readonly HeaderStep[] | undefined {
  const steps: HeaderStep[] = [];
  const only = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        if (!Object.hasOwn(object, property)) throw new Error(`reads ${String(property)}`);
        return Reflect.get(object, property) as unknown;
      },
    });
  const res = only({
    setHeader: (name: string, value: number | string | readonly string[]) => void steps.push([name, value]),
    removeHeader: (name: string) => void steps.push([name, undefined]),
  });
  const outcome = { passed: false };
  try {
    middleware(only({}) as unknown as Request, res as unknown as Response, (err?: unknown) => {
      outcome.passed = err === undefined;
    });
  } catch {
    return undefined;
  }
  return outcome.passed ? steps : undefined;
}

/** Applies `middleware`'s headers to `res`: its replayed steps when it has fixed ones, else the middleware. */
export function applyHeaderSteps(
  steps: readonly HeaderStep[] | undefined,
  middleware: RequestHandler,
  req: Request,
  res: Response,
): void {
  if (!steps) {
    middleware(req, res, () => undefined);
    return;
  }
  for (const [name, value] of steps) {
    if (value === undefined) res.removeHeader(name);
    else res.setHeader(name, value);
  }
}
