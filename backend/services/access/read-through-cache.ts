import { ok, type Failure, type Result } from '../../../lib/contract/errors';

/**
 * A per-key cache of slow-changing portal settings (pipelines, property options, the company
 * currency) for the record view's labels. Concurrent misses of a key share one load; a success
 * lives `ttlMs`; a failure is answered to every caller for `retryAfterMs` without asking again,
 * so a portal whose settings HubSpot will not serve costs one call per interval, not one per
 * view. `peek` answers synchronously from whatever was last loaded, expired or not: labels in a
 * message may be a few minutes old, never a HubSpot call.
 */
export interface ReadThroughOptions {
  ttlMs: number;
  retryAfterMs: number;
  now: () => number;
}

interface Entry<T> {
  value: T | undefined;
  loadedAt: number;
  failure: { failure: Failure; until: number } | null;
}

export class ReadThroughCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<Result<T>>>();

  constructor(private readonly o: ReadThroughOptions) {}

  get(key: string, load: () => Promise<Result<T>>): Promise<Result<T>> {
    const e = this.entries.get(key);
    const now = this.o.now();
    if (e?.failure && e.failure.until > now) return Promise.resolve(e.failure.failure);
    if (e && !e.failure && e.value !== undefined && now - e.loadedAt < this.o.ttlMs) return Promise.resolve(ok(e.value));
    return this.load(key, load);
  }

  /**
   * Loads again unless the value was loaded less than `minAgeMs` ago (then answers it): for a
   * record naming an id the cached list lacks, which is either new (worth one reload) or unknown
   * to HubSpot too (not worth a reload per view).
   */
  refresh(key: string, minAgeMs: number, load: () => Promise<Result<T>>): Promise<Result<T>> {
    const e = this.entries.get(key);
    const now = this.o.now();
    if (e?.failure && e.failure.until > now) return Promise.resolve(e.failure.failure);
    if (e && !e.failure && e.value !== undefined && now - e.loadedAt < minAgeMs) return Promise.resolve(ok(e.value));
    return this.load(key, load);
  }

  peek(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  private load(key: string, load: () => Promise<Result<T>>): Promise<Result<T>> {
    const flying = this.loading.get(key);
    if (flying) return flying;
    const p = load().then((r) => {
      const prev = this.entries.get(key);
      const now = this.o.now();
      if (r.ok) this.entries.set(key, { value: r.data, loadedAt: now, failure: null });
      // A failed reload keeps the last good value for peek (labels stay readable meanwhile).
      else this.entries.set(key, { value: prev?.value, loadedAt: prev?.loadedAt ?? 0, failure: { failure: r, until: now + this.o.retryAfterMs } });
      return r;
    });
    this.loading.set(key, p);
    void p.finally(() => this.loading.delete(key)).catch(() => {});
    return p;
  }
}
