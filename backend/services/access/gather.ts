/**
 * Gathers lookups made by concurrent requests into batches, per group (a portal or workspace):
 * a batch leaves when it holds `max` distinct keys (HubSpot's per-call limit), when no lookup
 * has joined it for `quietMs`, or `maxWaitMs` after its first lookup, whichever comes first.
 *
 * Why a quiet window rather than one event-loop turn: concurrent HTTP requests reach their
 * access check spread over many turns (each first reads its session, install and link from the
 * database), so a per-turn batch holds one or two lookups and a burst would cost a HubSpot call
 * per write. A lone lookup waits only `quietMs`; a burst fills whole batches. With `quietMs` 0
 * the batch leaves on the next turn (setImmediate), as before.
 */

export interface GatherWindow {
  max: number;
  quietMs: number;
  maxWaitMs: number;
}

interface Pending<W> {
  byKey: Map<string, W[]>;
  firstAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  immediate: ReturnType<typeof setImmediate> | null;
}

export class Gatherer<W> {
  private readonly groups = new Map<string, Pending<W>>();

  constructor(
    private readonly window: GatherWindow,
    private readonly send: (group: string, byKey: Map<string, W[]>) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(group: string, key: string, waiter: W): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { byKey: new Map(), firstAt: this.now(), timer: null, immediate: null }));
    const waiters = g.byKey.get(key);
    if (waiters) waiters.push(waiter);
    else g.byKey.set(key, [waiter]);
    if (g.byKey.size >= this.window.max) return this.flush(group);
    if (this.window.quietMs <= 0) {
      g.immediate ??= setImmediate(() => this.flush(group));
      return;
    }
    if (g.timer) clearTimeout(g.timer);
    const wait = Math.max(0, Math.min(this.window.quietMs, g.firstAt + this.window.maxWaitMs - this.now()));
    g.timer = setTimeout(() => this.flush(group), wait);
  }

  private flush(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.groups.delete(group);
    if (g.timer) clearTimeout(g.timer);
    if (g.immediate) clearImmediate(g.immediate);
    this.send(group, g.byKey);
  }
}
