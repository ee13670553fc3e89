// The shapes of an Express request, response and middleware, and of an express-rate-limit store, as
// the published declaration files (dist/**/*.d.ts) name them. The code is written against Express's and
// express-rate-limit's own types, but the package depends on neither (Node-RED brings Express; the
// limiter is bundled), so scripts/build.mjs points the declarations' imports of "express" and
// "express-rate-limit" here. Each shape is what any Express request, response or middleware already is.
import type { IncomingMessage, ServerResponse } from "node:http";

/** A request: Express's `Request` is one, and so is a plain `http` request. */
export type Request = IncomingMessage;

/** A response: Express's `Response` is one, and so is a plain `http` response. */
export type Response = ServerResponse;

/** Express's `next`: call it to pass the request on, or with an error to fail it. */
export type NextFunction = (err?: unknown) => void;

/** Middleware, as Express's `app.use()` takes it. */
export type RequestHandler = (req: Request, res: Response, next: NextFunction) => void;

/** A counter store for express-rate-limit (rate-limit-redis' `RedisStore` is one). */
export interface Store {
  init?(options: { windowMs: number }): void | Promise<void>;
  get?(key: string): Promise<StoreHits | undefined> | StoreHits | undefined;
  increment(key: string): Promise<StoreHits> | StoreHits;
  decrement(key: string): Promise<void> | void;
  resetKey(key: string): Promise<void> | void;
  resetAll?(): Promise<void> | void;
  shutdown?(): Promise<void> | void;
  localKeys?: boolean;
  prefix?: string;
}

/** How often a key was counted, and when its window ends. */
export interface StoreHits {
  totalHits: number;
  resetTime: Date | undefined;
}
