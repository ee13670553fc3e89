// How much bcrypt the process spends on Basic logins, per users list: the Security tab suggests API keys
// (a hash lookup, no bcrypt) to fleets of devices that log in with passwords. Counts and user names stay
// in this process's memory; only counts leave it.
/** The window the counts cover. */
export const USAGE_WINDOW_MS = 60 * 60_000;
const BUCKET_MS = 60_000;

interface ListUsage {
  /** User names verified by Basic, with when they last were (oldest first). */
  readonly users: Map<string, number>;
  /** Per-minute buckets of bcrypt checks run for Basic logins: [minute, checks, milliseconds]. */
  readonly buckets: [number, number, number][];
}

export interface BasicUsage {
  /** The users list's id. */
  readonly list: string;
  /** Distinct users whose Basic credentials were verified (from the cache or by bcrypt) within the hour. */
  readonly users: number;
  /** bcrypt checks run for Basic logins within the hour. */
  readonly bcryptChecks: number;
  /** Milliseconds those checks took (waiting included), within the hour. */
  readonly bcryptMs: number;
}

const lists = new Map<string, ListUsage>();

/** Counts one Basic verification; `bcryptMs` is undefined when no bcrypt ran for it (the cache, a shared check). */
export function recordVerification(list: string, username: string, bcryptMs: number | undefined): void {
  let usage = lists.get(list);
  if (!usage) {
    if (lists.size >= 1000) return;
    usage = { users: new Map(), buckets: [] };
    lists.set(list, usage);
  }
  usage.users.delete(username);
  usage.users.set(username, Date.now());
  if (usage.users.size > 100_000) usage.users.delete(usage.users.keys().next().value ?? "");
  if (bcryptMs === undefined) return;
  const minute = Math.floor(Date.now() / BUCKET_MS);
  const last = usage.buckets[usage.buckets.length - 1];
  if (last?.[0] === minute) {
    last[1] += 1;
    last[2] += bcryptMs;
  } else {
    usage.buckets.push([minute, 1, bcryptMs]);
    if (usage.buckets.length > USAGE_WINDOW_MS / BUCKET_MS) usage.buckets.shift();
  }
}

/** The counts of every list with Basic use in the last hour. */
export function basicUsage(): BasicUsage[] {
  const cutoff = Date.now() - USAGE_WINDOW_MS;
  const since = Math.floor(cutoff / BUCKET_MS);
  const out: BasicUsage[] = [];
  for (const [list, usage] of lists) {
    for (const [name, at] of usage.users) {
      if (at > cutoff) break;
      usage.users.delete(name);
    }
    const recent = usage.buckets.filter(([minute]) => minute > since);
    const users = usage.users.size;
    if (users === 0 && recent.length === 0) continue;
    out.push({
      list,
      users,
      bcryptChecks: recent.reduce((n, b) => n + b[1], 0),
      bcryptMs: Math.round(recent.reduce((n, b) => n + b[2], 0)),
    });
  }
  return out;
}

/** Forgets a list (it was removed). */
export function forgetUsage(list: string): void {
  lists.delete(list);
}
