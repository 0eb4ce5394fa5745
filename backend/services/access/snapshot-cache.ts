import type { Result } from '../../../lib/contract/errors';

/**
 * A short-lived, coalescing cache of successful answers (record snapshots for the read path, keyed by object type and id).
 * Concurrent misses for one key share one load; failures are never cached; entries live `ttlMs`
 * and the oldest are dropped beyond `maxEntries`. With `ttlMs` 0 it only coalesces.
 */
export class SnapshotCache<T> {
  private readonly entries = new Map<string, { value: Result<T>; expires: number }>();
  private readonly loading = new Map<string, Promise<Result<T>>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 20_000,
  ) {}

  get(key: string, load: () => Promise<Result<T>>): Promise<Result<T>> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return Promise.resolve(hit.value);
    const flying = this.loading.get(key);
    if (flying) return flying;
    const p = load().then((value) => {
      if (value.ok && this.ttlMs > 0) this.put(key, value);
      return value;
    });
    this.loading.set(key, p);
    void p.finally(() => this.loading.delete(key)).catch(() => {});
    return p;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private put(key: string, value: Result<T>): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
