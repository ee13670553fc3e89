// Password changes of auth-users nodes still being hashed. The dialog sends a password at Done and the
// editor may deploy before bcrypt has finished: the node deployed then starts without it, and applies it
// when the work is done (src/nodes/auth-users.ts) instead of leaving it out until the deploy after.

const pending = new Map<string, Set<Promise<unknown>>>();

/** Notes `work` (hashing and storing passwords of node `id`) until it settles. */
export function trackPasswordWork(id: string, work: Promise<unknown>): void {
  let works = pending.get(id);
  if (!works) {
    works = new Set();
    pending.set(id, works);
  }
  const mine = works;
  mine.add(work);
  const settle = (): void => {
    mine.delete(work);
    if (mine.size === 0 && pending.get(id) === mine) pending.delete(id);
  };
  work.then(settle, settle);
}

/** Settles once the password work under way for node `id` now has settled; undefined when there is none. */
export function passwordWorkUnderWay(id: string): Promise<void> | undefined {
  const works = pending.get(id);
  if (!works || works.size === 0) return undefined;
  return Promise.allSettled([...works]).then(() => undefined);
}
