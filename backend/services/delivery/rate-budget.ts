import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { WritesDb, WritesTables } from '../writes/tables';
import { effectiveLimits, grant, unknownRequests } from './rate-window';

/**
 * One rate budget per HubSpot portal, shared by every backend instance through the database.
 *
 * Before each HubSpot request a caller takes a slot: inside a transaction that first *updates*
 * the portal's `portal_delivery` row (a row lock on PostgreSQL, the write lock on SQLite, so two
 * instances never count the same free slot), it counts the requests started within the window
 * and records its own. After the answer, the slot's time moves to the completion time (HubSpot
 * counted the request at some moment before that), the `X-HubSpot-RateLimit-*` headers adjust the
 * limit and reveal requests HubSpot counted that no instance granted (added as "phantom" slots,
 * ids prefixed `phantom:`), and a 429 blocks the portal until its Retry-After.
 */

export interface RateBudgetConfig {
  /** Requests per interval (HubSpot's default for OAuth apps: 110 per 10 s). */
  limit: number;
  intervalMs: number;
  /** Widening of the local window for the time between starting a request and HubSpot counting it. */
  marginMs: number;
}

export const DEFAULT_RATE_BUDGET: RateBudgetConfig = { limit: 110, intervalMs: 10_000, marginMs: 250 };

export type TakeResult = { ok: true; slotId: string } | { ok: false; retryAt: number };

export interface RateHeaders {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
}

type Trx = Transaction<Database & WritesTables>;

const PHANTOM = 'phantom:';

/** What the budget knew when it granted a slot, for reading that request's answer (see settle). */
interface Granted {
  at: number;
  /** Slots (this one, other instances', phantoms) inside HubSpot's interval at that moment. */
  known: number;
}

export class RateBudget {
  private pruneCounter = 0;
  private readonly ensured = new Set<string>();
  /** Slots this process granted and has not settled yet (a slot never sent is never settled: pruned by age). */
  private readonly granted = new Map<string, Granted>();

  constructor(
    private readonly db: WritesDb,
    readonly config: RateBudgetConfig = DEFAULT_RATE_BUDGET,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates the portal's shared row once; every later lock is a plain UPDATE. */
  async ensurePortal(portalId: string): Promise<void> {
    // Rows are never deleted while the process runs, so one insert per portal per process is enough.
    if (this.ensured.has(portalId)) return;
    await this.db
      .insertInto('portal_delivery')
      .values({ portal_id: portalId, blocked_until: 0, breaker_failures: 0, breaker_trips: 0, breaker_open_until: 0, updated_at: this.now() })
      .onConflict((oc) => oc.column('portal_id').doNothing())
      .execute();
    this.ensured.add(portalId);
  }

  /** Runs `fn` holding the portal's lock (the row update is the lock on both engines). */
  async withPortalLock<T>(portalId: string, fn: (trx: Trx, row: { observed_max: number | null; observed_interval_ms: number | null; blocked_until: number }) => Promise<T>): Promise<T> {
    await this.ensurePortal(portalId);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('portal_delivery')
        .set({ updated_at: this.now() })
        .where('portal_id', '=', portalId)
        .returning(['observed_max', 'observed_interval_ms', 'blocked_until'])
        .executeTakeFirstOrThrow();
      return fn(trx, row);
    });
  }

  /** Takes one request slot now, or says when to ask again. */
  async tryTake(portalId: string): Promise<TakeResult> {
    return this.withPortalLock(portalId, async (trx, row) => {
      const now = this.now();
      if (row.blocked_until > now) return { ok: false, retryAt: row.blocked_until };
      const w = effectiveLimits(this.config, { max: row.observed_max, intervalMs: row.observed_interval_ms });
      const horizon = w.intervalMs + w.marginMs;
      if (++this.pruneCounter % 50 === 0) {
        await trx.deleteFrom('rate_budget_events').where('portal_id', '=', portalId).where('at', '<', now - 2 * horizon).execute();
      }
      const times = await trx
        .selectFrom('rate_budget_events')
        .select('at')
        .where('portal_id', '=', portalId)
        .where('at', '>', now - horizon)
        .orderBy('at')
        .execute();
      const g = grant(
        times.map((t) => t.at),
        1,
        now,
        w,
      );
      if (g.granted < 1) return { ok: false, retryAt: g.retryAt };
      const slotId = randomUUID();
      await trx.insertInto('rate_budget_events').values({ id: slotId, portal_id: portalId, at: now }).execute();
      this.remember(slotId, { at: now, known: times.filter((t) => t.at > now - w.intervalMs).length + 1 }, now - 2 * horizon);
      return { ok: true, slotId };
    });
  }

  private remember(slotId: string, g: Granted, staleBefore: number): void {
    // Maps iterate in insertion order: the oldest entries come first.
    for (const [id, old] of this.granted) {
      if (old.at >= staleBefore) break;
      this.granted.delete(id);
    }
    this.granted.set(slotId, g);
  }

  /** Waits for a slot; rejects with the signal's reason when aborted (graceful stop). */
  async take(portalId: string, signal?: AbortSignal): Promise<string> {
    const r = await this.takeWithin(portalId, Number.POSITIVE_INFINITY, signal);
    // With no deadline the wait only ends with a slot (or the signal's rejection).
    if (!r.ok) throw new Error('unreachable: no slot without a deadline');
    return r.slotId;
  }

  /**
   * Waits for a slot at most `maxWaitMs`: for calls someone is waiting on (the panel's record view,
   * an access check), an answer that says when to try again beats outlasting the panel's timeout.
   */
  async takeWithin(portalId: string, maxWaitMs: number, signal?: AbortSignal): Promise<TakeResult> {
    const deadline = this.now() + maxWaitMs;
    for (;;) {
      signal?.throwIfAborted();
      const r = await this.tryTake(portalId);
      if (r.ok || r.retryAt > deadline) return r;
      // A little spread so instances waiting on the same slot do not all wake at once.
      const wait = Math.max(5, r.retryAt - this.now()) + Math.floor(Math.random() * 20);
      await sleep(wait, undefined, signal ? { signal } : undefined);
    }
  }

  /**
   * Records the answer: the slot now counts from the completion time; the headers lower the
   * limit when HubSpot announces less; if HubSpot had counted more requests when this one arrived
   * than the budget had granted when its slot was taken (another client of the same app, a call
   * that bypassed the budget), the difference is added as phantom starts (rate-window.ts,
   * unknownRequests, says why the slot's take time is the right comparison).
   */
  async settle(portalId: string, slotId: string, headers: RateHeaders | null): Promise<void> {
    const now = this.now();
    const granted = this.granted.get(slotId);
    this.granted.delete(slotId);
    const restamp = (q: WritesDb | Trx) => q.updateTable('rate_budget_events').set({ at: now }).where('id', '=', slotId).execute();
    if (!headers || (headers.max === null && headers.remaining === null)) {
      await restamp(this.db);
      return;
    }
    // One commit per answer (each is a durable write on SQLite): the re-stamp rides in the lock's transaction.
    await this.withPortalLock(portalId, async (trx, row) => {
      await restamp(trx);
      if ((headers.max !== null && headers.max !== row.observed_max) || (headers.intervalMs !== null && headers.intervalMs !== row.observed_interval_ms)) {
        await trx
          .updateTable('portal_delivery')
          .set({ observed_max: headers.max ?? row.observed_max, observed_interval_ms: headers.intervalMs ?? row.observed_interval_ms })
          .where('portal_id', '=', portalId)
          .execute();
      }
      if (headers.max === null || headers.remaining === null || !granted) return;
      // Stamped under the lock, as tryTake stamps its slots: a phantom's time is then after the
      // take of every slot that could not see it, which is what `since` below relies on. (Stamped
      // before the lock, while takes queue on it, phantoms looked older than slots granted without
      // them, and every answer added the same unknown requests again.)
      const at = this.now();
      const since = await trx
        .selectFrom('rate_budget_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('portal_id', '=', portalId)
        .where('id', 'like', `${PHANTOM}%`)
        .where('at', '>=', granted.at)
        .executeTakeFirstOrThrow();
      const unknown = unknownRequests({ max: headers.max, remaining: headers.remaining }, granted.known, Number(since.n));
      if (unknown > 0) {
        const rows = Array.from({ length: unknown }, () => ({ id: `${PHANTOM}${randomUUID()}`, portal_id: portalId, at }));
        await trx.insertInto('rate_budget_events').values(rows).execute();
      }
    });
  }

  /** A 429: nobody sends to the portal before `until`. */
  async block(portalId: string, until: number): Promise<void> {
    await this.withPortalLock(portalId, async (trx, row) => {
      if (row.blocked_until >= until) return;
      await trx.updateTable('portal_delivery').set({ blocked_until: until }).where('portal_id', '=', portalId).execute();
    });
  }

  /** Requests started in the last interval (for metrics and the load test). */
  async usage(portalId: string): Promise<number> {
    const r = await this.db
      .selectFrom('rate_budget_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('portal_id', '=', portalId)
      .where('at', '>', this.now() - this.config.intervalMs)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
