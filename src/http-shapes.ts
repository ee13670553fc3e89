// The shapes of an Express request, response and middleware as the published declaration files
// (dist/**/*.d.ts) name them. The code is written against Express's own types, but the package depends
// on neither Express nor express-rate-limit (Node-RED brings Express; the limiter is bundled), so
// scripts/build.mjs points the declarations' imports of "express" and "express-rate-limit" here. Each
// shape is what any Express request, response or middleware already is. (A rate limiter's store has its
// shape in src/auth/store.ts, CounterStore.)
import type { IncomingMessage, ServerResponse } from "node:http";

/** A request: Express's `Request` is one, and so is a plain `http` request. */
export type Request = IncomingMessage;

/** A response: Express's `Response` is one, and so is a plain `http` response. */
export type Response = ServerResponse;

/** Express's `next`: call it to pass the request on, or with an error to fail it. */
export type NextFunction = (err?: unknown) => void;

/** Middleware, as Express's `app.use()` takes it. */
export type RequestHandler = (req: Request, res: Response, next: NextFunction) => void;
