// What to close (open websockets) when something ends, by the name of what ends: a session, a user, an
// API key. Shared by the session store and the API keys' connections.

export class Closers {
  private readonly byKey = new Map<string, Set<() => void>>();

  /** Runs `close` when `key` ends; returns a function that forgets it. */
  add(key: string, close: () => void): () => void {
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    set.add(close);
    return () => {
      const current = this.byKey.get(key);
      current?.delete(close);
      if (current?.size === 0) this.byKey.delete(key);
    };
  }

  /** Closes and forgets everything added under `key`. */
  close(key: string): void {
    const set = this.byKey.get(key);
    if (!set) return;
    this.byKey.delete(key);
    for (const close of set) {
      try {
        close();
      } catch {
        // A connection that cannot be closed is already gone.
      }
    }
  }

  /** The keys something is waiting on. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }
}
