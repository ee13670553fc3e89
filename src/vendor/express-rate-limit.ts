// express-rate-limit, bundled into dist/ by scripts/build.mjs so that it is no runtime dependency: as a
// dependency it declares express as a peer, and npm would install express 5 and its whole tree for it.
// Import the limiter from here, never from "express-rate-limit" itself (types may come from either).
export { rateLimit } from "express-rate-limit";
export type { RateLimitRequestHandler, Store } from "express-rate-limit";
