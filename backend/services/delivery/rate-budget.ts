import { setTimeout as sleep } from 'node:timers/promises';
import { PortalRows, type PortalRow, type Trx } from './rate-ledger';
import { PortalSlots } from './rate-lease';
import { closeIfDone, renewLease, type Leasing } from './rate-leasing';
import { effectiveLimits } from './rate-window';
import type { Db } from '../../db/schema';

/**
 * One rate budget per HubSpot portal, shared by every backend instance through the database.
 *
 * Why leases: a durable transaction per request (take) and another per answer (settle) put ~4
 * commits on every panel view, and the per-request ledger took requests that reached HubSpot in
 * another order than their slots for "phantom" requests, refusing work HubSpot had room for. Now
 * an instance leases a block of slots per portal in one transaction under the portal's lock
 * (rate-ledger.ts; rate-leasing.ts) and hands them out and settles them in memory (rate-lease.ts).
 * The size adapts to demand: twice what the last lease used, at least the callers waiting, at most
 * a quarter of the limit and half of what is free (a second instance is never starved). The row
 * counts every slot at the lease's end (`leaseMs` after the grant) until the lease is closed —
 * spent or ended, nothing in flight: in the next lease's transaction, or one UPDATE — and from
 * then each used slot from its own answer; unused slots go back at once.
 *
 * Why it holds across instances: HubSpot counts a request before answering it, and a row counts
 * each slot until the latest moment it may be counted (the lease's end, `marginMs` covering the
 * trip, or its answer). A lease is granted only while every row that may share a window with its
 * requests, plus the external estimate, leaves room, so in any window the last lease granted saw
 * all the others (rate-window.ts, grant).
 *
 * Traffic no lease explains (another client of the app, a call that bypassed the budget) comes
 * from the answers' `X-HubSpot-RateLimit-*` headers: each reading, against every slot that could
 * be in its count (rate-window.ts, externalSeen), is a lower bound on it; the portal keeps the
 * largest in force as one value with its expiry (`portal_delivery.external_count/until`), folded
 * in at lease transactions — never a row per unknown request, never our own requests twice. The
 * latest reading also stops this instance at once when HubSpot has no room left for it
 * (rate-lease.ts, roomRetry). A 429 blocks the portal until its Retry-After.
 */

export interface RateBudgetConfig {
  /** Requests per interval (HubSpot's default for OAuth apps: 110 per 10 s). */
  limit: number;
  intervalMs: number;
  /** Widening of the local window for the time between starting a request and HubSpot counting it. */
  marginMs: number;
  /** How long a lease's slots may be handed out (default 2 s). */
  leaseMs?: number;
  /** Smallest lease asked for (default 4: a panel view's calls share one lease transaction). */
  minLease?: number;
}

export const DEFAULT_RATE_BUDGET: RateBudgetConfig = { limit: 110, intervalMs: 10_000, marginMs: 250 };

export type TakeResult = { ok: true; slotId: string } | { ok: false; retryAt: number };

export interface RateHeaders {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
}

export class RateBudget {
  private acquisitions = 0;
  private nextSlot = 0;
  private readonly portals = new Map<string, PortalSlots>();

  private readonly rows: PortalRows;
  private readonly leasing: Leasing;

  constructor(
    private readonly db: Db,
    readonly config: RateBudgetConfig = DEFAULT_RATE_BUDGET,
    private readonly now: () => number = Date.now,
  ) {
    this.rows = new PortalRows(db, now);
    this.leasing = { db, rows: this.rows, config, now, prune: () => ++this.acquisitions % 50 === 0 };
  }

  /** Creates the portal's shared row once; every later lock is a plain UPDATE. */
  ensurePortal(portalId: string): Promise<void> {
    return this.rows.ensure(portalId);
  }

  /** Runs `fn` holding the portal's lock (the row update is the lock on both engines). */
  withPortalLock<T>(portalId: string, fn: (trx: Trx, row: PortalRow) => Promise<T>): Promise<T> {
    return this.rows.lock(portalId, fn);
  }

  private limits(p: PortalSlots) {
    return effectiveLimits(this.config, { max: p.observedMax, intervalMs: p.observedIntervalMs });
  }

  private portal(portalId: string): PortalSlots {
    let p = this.portals.get(portalId);
    if (!p) this.portals.set(portalId, (p = new PortalSlots()));
    return p;
  }

  /** Takes one request slot now (from the open lease, or a new one), or says when to ask again. */
  async tryTake(portalId: string): Promise<TakeResult> {
    const p = this.portal(portalId);
    for (;;) {
      const now = this.now();
      if (p.blockedUntil > now) return { ok: false, retryAt: p.blockedUntil };
      const full = p.roomRetry(now, this.limits(p));
      if (full !== null) return { ok: false, retryAt: full };
      const slotId = p.handOut(now, ++this.nextSlot);
      if (slotId) return { ok: true, slotId };
      // One lease transaction at a time per portal; callers arriving meanwhile wait for it.
      p.acquiring ??= renewLease(this.leasing, portalId, p).finally(() => (p.acquiring = null));
      p.waiting++;
      const r = await p.acquiring.finally(() => p.waiting--);
      if (!r.ok) return r;
    }
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
   * Records the answer, in memory: the slot's lease now counts until this answer; the headers'
   * reading is kept for the next lease transaction and caps the open lease. Writes only when the
   * announced limit changes, or to close a lease this answer was the last one in flight for.
   */
  async settle(portalId: string, slotId: string, headers: RateHeaders | null): Promise<void> {
    const now = this.now();
    const p = this.portal(portalId);
    const slot = p.settled(slotId);
    if (slot) {
      slot.lease.inflight--;
      slot.span.until = now;
    }
    if (headers && ((headers.max !== null && headers.max !== p.observedMax) || (headers.intervalMs !== null && headers.intervalMs !== p.observedIntervalMs))) {
      const lowered = headers.max !== null && headers.max < (p.observedMax ?? this.config.limit);
      p.observedMax = headers.max ?? p.observedMax;
      p.observedIntervalMs = headers.intervalMs ?? p.observedIntervalMs;
      // The open lease was sized for the old limit: stop handing it out; the next lease is granted
      // against the limit HubSpot just announced.
      if (lowered && p.lease) p.lease.cap = p.lease.handed;
      await this.ensurePortal(portalId);
      await this.db.updateTable('portal_delivery').set({ observed_max: p.observedMax, observed_interval_ms: p.observedIntervalMs }).where('portal_id', '=', portalId).execute();
    }
    if (slot && headers && headers.max !== null && headers.remaining !== null) p.read(slot, headers.max - headers.remaining, headers.remaining, now, this.limits(p));
    if (slot) await closeIfDone(this.leasing, p, slot.lease);
  }

  /** A 429: nobody sends to the portal before `until`. */
  async block(portalId: string, until: number): Promise<void> {
    const p = this.portal(portalId);
    p.blockedUntil = Math.max(p.blockedUntil, until);
    if (p.lease) p.lease.cap = p.lease.handed;
    await this.withPortalLock(portalId, async (trx, row) => {
      if (row.blocked_until >= until) return;
      await trx.updateTable('portal_delivery').set({ blocked_until: until }).where('portal_id', '=', portalId).execute();
    });
  }

  /** Slots leased (used, or reserved by an open lease) within the last interval, by every instance. */
  async usage(portalId: string): Promise<number> {
    const r = await this.db
      .selectFrom('rate_budget_leases')
      .select((eb) => eb.fn.sum<number>('slots').as('n'))
      .where('portal_id', '=', portalId)
      .where('at', '>', this.now() - this.config.intervalMs)
      .executeTakeFirstOrThrow();
    return Number(r.n ?? 0);
  }
}
