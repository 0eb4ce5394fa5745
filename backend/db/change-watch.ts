import type { Db } from './schema';

/**
 * This process's view of the change feed (migration 0013_change_feed): which workspaces' sessions
 * or installs changed in the database, whoever changed them. In-memory caches of those rows
 * (the session memo, the install cache) ask `sync()` before answering from memory, so nothing
 * they answer is older than `maxAgeMs` plus one query: a sign-out, disable or disconnect on
 * another instance or from the CLI reaches this one within that time.
 *
 * The poll is lazy (no timer): one indexed read at most every `maxAgeMs` while requests come,
 * none when idle. `markStale()` makes the next `sync()` poll at once (after this process's own
 * writes, so they are seen immediately here).
 */
export type ChangeTopic = 'auth' | 'install';

/** A changed workspace, or null: everything may have changed (the feed could not be read). */
type Listener = (workspaceId: string | null) => void;

export const CHANGE_POLL_MS = 250;

export class ChangeWatch {
  private last: number | null = null;
  private checkedAt = -Infinity;
  private marks = 0;
  private flight: { mark: number; done: Promise<void> } | null = null;
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();
  private readonly generations = new Map<ChangeTopic, number>();

  constructor(
    private readonly db: Db,
    private readonly opts: { maxAgeMs?: number; now?: () => number } = {},
  ) {}

  on(topic: ChangeTopic, listener: Listener): void {
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
  }

  /**
   * Bumped whenever a change of the topic is delivered. A cache reads it before its database read
   * and stores the answer only if it is unchanged after: an answer read before a change that was
   * delivered meanwhile would otherwise be stored after its invalidation.
   */
  generation(topic: ChangeTopic): number {
    return this.generations.get(topic) ?? 0;
  }

  /** Undefined when the feed was read recently enough; else the poll to wait for. Rejects if the feed cannot be read. */
  sync(): Promise<void> | undefined {
    const now = this.opts.now ?? Date.now;
    if (now() - this.checkedAt < (this.opts.maxAgeMs ?? CHANGE_POLL_MS)) return undefined;
    // A poll that started before the last markStale() may have missed that write: start another.
    if (this.flight?.mark !== this.marks) {
      const mark = this.marks;
      const done = this.poll(now(), mark).finally(() => {
        if (this.flight?.done === done) this.flight = null;
      });
      this.flight = { mark, done };
    }
    return this.flight.done;
  }

  markStale(): void {
    this.marks++;
    this.checkedAt = -Infinity;
  }

  private async poll(startedAt: number, mark: number): Promise<void> {
    try {
      if (this.last === null) {
        // The first poll only learns the position; whatever a cache read before it is dropped,
        // since a change between that read and this position would never be delivered.
        const row = await this.db.selectFrom('cache_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
        this.last = Math.max(this.last ?? 0, Number(row?.seq ?? 0));
        for (const topic of this.listeners.keys()) this.deliver(topic, null);
      } else {
        const rows = await this.db.selectFrom('cache_changes').select(['topic', 'key', 'seq']).where('seq', '>', this.last).execute();
        for (const r of rows) {
          this.last = Math.max(this.last ?? 0, Number(r.seq));
          this.deliver(r.topic as ChangeTopic, r.key);
        }
      }
    } catch (err) {
      // Unknown what changed: every cache forgets everything, and the next sync() tries again.
      for (const topic of this.listeners.keys()) this.deliver(topic, null);
      throw err;
    }
    if (mark === this.marks) this.checkedAt = Math.max(this.checkedAt, startedAt);
  }

  private deliver(topic: ChangeTopic, key: string | null): void {
    this.generations.set(topic, this.generation(topic) + 1);
    for (const l of this.listeners.get(topic) ?? []) l(key);
  }
}

const watches = new WeakMap<object, ChangeWatch>();

/**
 * The one watch per database handle (so per process in production): every cache over that handle
 * shares one poll. Two handles on the same database (two instances in a test) watch separately.
 */
export function changeWatchFor(db: Db): ChangeWatch {
  let w = watches.get(db);
  if (!w) {
    w = new ChangeWatch(db);
    watches.set(db, w);
  }
  return w;
}
