// The Redis store's Lua scripts (each one atomic across instances) and the checks of Redis' replies.
import { createHash } from "node:crypto";
import type { Failures } from "./store";

/** Redis wants a whole, positive PX; a shorter lifetime than 1 ms is as good as expired anyway. */
export function px(ttlMs: number): string {
  return String(Math.max(1, Math.ceil(ttlMs)));
}

/** Escapes glob characters for SCAN MATCH. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

export function isNoScript(error: unknown): error is Error {
  return error instanceof Error && /^NOSCRIPT/.test(error.message);
}

export class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }
}

// Sets a session and adds its id to the user's index, whose lifetime only grows, so deleteUser needs no
// SCAN. "nx": only a new one; "xx": only one that is there (a refresh never brings back a logged-out
// session). KEYS: session, index. ARGV: json, px, id, "nx", "xx" or "".
export const SET_SESSION = new Script(`
local stored
if ARGV[4] == "nx" then
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2], "NX")
elseif ARGV[4] == "xx" then
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2], "XX")
else
  stored = redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
end
if not stored then return 0 end
redis.call("SADD", KEYS[2], ARGV[3])
if redis.call("PTTL", KEYS[2]) < tonumber(ARGV[2]) then redis.call("PEXPIRE", KEYS[2], ARGV[2]) end
return 1
`);

// Removes the sessions listed in a user's index that still belong to that user (an id may have been
// reused or already removed). KEYS: index. ARGV: session key prefix, username.
export const DELETE_USER = new Script(`
local removed = {}
for _, id in ipairs(redis.call("SMEMBERS", KEYS[1])) do
  local key = ARGV[1] .. id
  local raw = redis.call("GET", key)
  if raw then
    local ok, session = pcall(cjson.decode, raw)
    if ok and type(session) == "table" and session.username == ARGV[2] then
      redis.call("DEL", key)
      table.insert(removed, id)
    end
  end
end
redis.call("DEL", KEYS[1])
return removed
`);

// Removes the sessions earlier versions wrote: under the cookie's own id, with the cookie's signature in
// the value, so that they could be turned back into cookies. KEYS: session keys. ARGV: session key
// prefix, index key prefix. Returns how many were removed.
export const END_LEGACY = new Script(`
local removed = 0
for _, key in ipairs(KEYS) do
  local raw = redis.call("GET", key)
  if raw then
    local ok, session = pcall(cjson.decode, raw)
    if ok and type(session) == "table" and session.signature ~= nil then
      redis.call("DEL", key)
      if type(session.username) == "string" then
        redis.call("SREM", ARGV[2] .. session.username, string.sub(key, #ARGV[1] + 1))
      end
      removed = removed + 1
    end
  end
end
return removed
`);

// Deletes the given keys; returns those that existed.
export const DELETE_KEYS = new Script(`
local removed = {}
for _, key in ipairs(KEYS) do
  if redis.call("DEL", key) == 1 then table.insert(removed, key) end
end
return removed
`);

// One more failure, atomically across instances: the same formula as lockUntil() and failureTtl() in
// store.ts. KEYS: record. ARGV: freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, now.
export const ADD_FAILURE = new Script(`
local free, base, max, forget, now =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local count, previous = 0, 0
local raw = redis.call("GET", KEYS[1])
if raw then
  local ok, record = pcall(cjson.decode, raw)
  if ok and type(record) == "table" then
    count = tonumber(record.count) or 0
    previous = tonumber(record.lockedUntil) or 0
  end
end
count = count + 1
local locked = 0
local over = count - free
if over > 0 then locked = now + math.min(max, base * 2 ^ math.min(over - 1, 30)) end
if locked == 0 then locked = previous end
local ttl = math.max(forget, locked - now)
ttl = math.max(1, math.ceil(ttl))
-- %.0f: whole numbers beyond 32 bits print exactly, also where Lua's %d is 32-bit.
local c, l = string.format("%.0f", count), string.format("%.0f", locked)
redis.call("SET", KEYS[1], '{"count":' .. c .. ',"lockedUntil":' .. l .. '}', "PX", string.format("%.0f", ttl))
return { c, l }
`);

// Records a TOTP time step when it is greater than the recorded one. KEYS: record. ARGV: step, px.
export const ADVANCE_STEP = new Script(`
local used = tonumber(redis.call("GET", KEYS[1]))
if used and tonumber(ARGV[1]) <= used then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1
`);

export function toFailures(reply: unknown): Failures {
  const [count, lockedUntil] = stringList(reply).map(Number);
  if (count === undefined || lockedUntil === undefined || !Number.isFinite(count) || !Number.isFinite(lockedUntil)) {
    throw new TypeError("unexpected reply to the failure script");
  }
  return { count, lockedUntil };
}

export function stringList(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === "string")) {
    throw new TypeError("unexpected reply: a list of strings was expected");
  }
  return reply;
}

export function parseJson(reply: unknown): unknown {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply !== "string") throw new TypeError("unexpected reply: a string was expected");
  return JSON.parse(reply);
}
