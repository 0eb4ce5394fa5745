import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../db/schema';
import { externalSeen, grant, leaseSize, mergeExternal, rowSpans, type Observation, type SlotSpan, type WindowLimits } from './rate-window';

/**
 * The shared half of the rate budget: one transaction per lease, under the portal's lock
 * (rate-budget.ts explains the design). Nothing here runs per request.
 */

export type Trx = Transaction<Database>;

export interface PortalRow {
  observed_max: number | null;
  observed_interval_ms: number | null;
  blocked_until: number;
  external_count: number;
  external_until: number;
}

/** The portal's shared `portal_delivery` row: created once, and its update is the portal's lock. */
export class PortalRows {
  private readonly ensured = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async ensure(portalId: string): Promise<void> {
    // Rows are never deleted while the process runs, so one insert per portal per process is enough.
    if (this.ensured.has(portalId)) return;
    await this.db
      .insertInto('portal_delivery')
      .values({ portal_id: portalId, blocked_until: 0, breaker_failures: 0, breaker_trips: 0, breaker_open_until: 0, updated_at: this.now() })
      .onConflict((oc) => oc.column('portal_id').doNothing())
      .execute();
    this.ensured.add(portalId);
  }

  /** Runs `fn` holding the portal's lock (a row lock on PostgreSQL, the write lock on SQLite). */
  async lock<T>(portalId: string, fn: (trx: Trx, row: PortalRow) => Promise<T>): Promise<T> {
    await this.ensure(portalId);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('portal_delivery')
        .set({ updated_at: this.now() })
        .where('portal_id', '=', portalId)
        .returning(['observed_max', 'observed_interval_ms', 'blocked_until', 'external_count', 'external_until'])
        .executeTakeFirstOrThrow();
      return fn(trx, row);
    });
  }
}

export type LeaseAnswer = { ok: true; id: string; slots: number; grantedAt: number } | { ok: false; retryAt: number };

export interface LeaseRequest {
  portalId: string;
  now: number;
  w: WindowLimits;
  leaseMs: number;
  /** Sizing inputs (rate-window.ts, leaseSize). */
  lastUsed: number;
  waiting: number;
  minSlots: number;
  maxSlots: number;
  /** This instance's rate-header readings, to fold into the portal's external estimate. */
  observations: readonly Observation[];
  /** This instance's open leases, known slot by slot (their rows only say what was reserved). */
  own: { ids: ReadonlySet<string>; spans: readonly SlotSpan[] };
  prune: boolean;
}

/** Grants a lease of slots, or says when one slot will be free. */
export async function acquireLease(trx: Trx, row: PortalRow, q: LeaseRequest): Promise<LeaseAnswer> {
  const { portalId, now, w } = q;
  if (row.blocked_until > now) return { ok: false, retryAt: row.blocked_until };
  const horizon = w.intervalMs + w.marginMs;
  if (q.prune) await trx.deleteFrom('rate_budget_leases').where('portal_id', '=', portalId).where('at', '<', now - 4 * horizon).execute();
  // Older rows than the live window too: a reading's window may start up to a horizon earlier.
  const rows = await trx
    .selectFrom('rate_budget_leases')
    .select(['id', 'slots', 'granted_at', 'at', 'answers'])
    .where('portal_id', '=', portalId)
    .where('at', '>', now - 3 * horizon)
    .execute();
  const spans = rows.filter((r) => !q.own.ids.has(r.id)).flatMap(rowSpans).concat(q.own.spans);
  const seen = q.observations.map((o) => ({ count: externalSeen(o, spans, w), until: o.done + w.intervalMs }));
  const stored = { count: row.external_count, until: row.external_until };
  const external = mergeExternal(stored, seen, now);
  if (external.count !== stored.count || external.until !== stored.until) {
    await trx.updateTable('portal_delivery').set({ external_count: external.count, external_until: external.until }).where('portal_id', '=', portalId).execute();
  }
  const times: number[] = [];
  for (const r of rows) if (r.at > now - horizon) times.push(...rowSpans(r).map((x) => x.until));
  // External requests count until the estimate expires: placed where the window arithmetic drops them then.
  for (let i = 0; i < external.count; i++) times.push(external.until - horizon);
  times.sort((a, b) => a - b);
  const live = times.filter((t) => t > now - horizon).length;
  const want = leaseSize({ lastUsed: q.lastUsed, waiting: q.waiting, min: q.minSlots, max: q.maxSlots, free: Math.max(0, w.limit - live) });
  const g = grant(times, Math.max(1, want), now, w);
  if (g.granted < 1) return { ok: false, retryAt: g.retryAt };
  const id = randomUUID();
  // Counted as if every slot were used at the lease's end, until closeLease says what happened.
  await trx.insertInto('rate_budget_leases').values({ id, portal_id: portalId, slots: g.granted, granted_at: now, at: now + q.leaseMs }).execute();
  return { ok: true, id, slots: g.granted, grantedAt: now };
}

/**
 * Gives back a lease's unused slots: it now counts each slot used from its answer (HubSpot counted
 * the request before answering). Only lowers what the row counts, so it needs no lock; a close
 * that fails leaves the reservation to expire with its window.
 */
export async function closeLease(q: Db | Trx, lease: { id: string; grantedAt: number; spans: readonly SlotSpan[] }): Promise<void> {
  if (lease.spans.length === 0) {
    await q.deleteFrom('rate_budget_leases').where('id', '=', lease.id).execute();
    return;
  }
  const answered = lease.spans.map((x) => x.until);
  const answers = answered.map((t) => Math.max(0, t - lease.grantedAt)).join(',');
  await q.updateTable('rate_budget_leases').set({ slots: answered.length, at: Math.max(...answered), answers }).where('id', '=', lease.id).execute();
}
