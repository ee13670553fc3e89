// A Map with a size limit (least recently used entries go first) and per-entry expiry.
// Every piece of per-client state (lockouts, cached verifications, sessions) lives in one of these,
// so no flood of distinct clients can grow memory without bound.

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError("maxEntries must be a positive integer");
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, if present and not expired; marks it recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps a present entry `ttlMs` longer, where it is in the order (after a get(): the most recently used). */
  renew(key: K, ttlMs: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.expiresAt = this.now() + ttlMs;
  }

  /** Stores `value` for `ttlMs`, evicting the least recently used entry when full. */
  set(key: K, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evictOne();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Removes every entry whose value matches. */
  deleteWhere(predicate: (value: V, key: K) => boolean): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (predicate(entry.value, key)) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  private evictOne(): void {
    // Prefer an expired entry near the old end; otherwise the least recently used one.
    const now = this.now();
    let scanned = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        return;
      }
      if (++scanned >= 8) break;
    }
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
