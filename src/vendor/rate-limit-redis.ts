// rate-limit-redis, bundled into dist/ by scripts/build.mjs like express-rate-limit beside it: as an
// optional peer it made Redis users install it, and its own peer (express-rate-limit) brought express 5
// and its whole tree. Import it from here, never from "rate-limit-redis" itself.
export { RedisStore } from "rate-limit-redis";
export type { RedisReply } from "rate-limit-redis";
