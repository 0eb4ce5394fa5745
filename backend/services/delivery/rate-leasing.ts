import type { RateBudgetConfig } from './rate-budget';
import { acquireLease, closeLease, type PortalRows } from './rate-ledger';
import type { Lease, PortalSlots } from './rate-lease';
import { effectiveLimits } from './rate-window';
import type { Db } from '../../db/schema';

/** Opening and closing this instance's leases (rate-budget.ts explains the design). */

export interface Leasing {
  db: Db;
  rows: PortalRows;
  config: RateBudgetConfig;
  now: () => number;
  /** True every so often: the lease transaction then also deletes long-expired leases. */
  prune: () => boolean;
}

/** Replaces the portal's open lease with a new one, in one transaction under the portal's lock. */
export async function renewLease(d: Leasing, portalId: string, p: PortalSlots): Promise<{ ok: true } | { ok: false; retryAt: number }> {
  const prev = p.lease;
  const closePrev = prev && p.closable(prev, d.now(), true) ? prev : null;
  if (closePrev) closePrev.closed = true;
  return d.rows.lock(portalId, async (trx, row) => {
    const now = d.now();
    if (closePrev) await closeLease(trx, closePrev);
    p.observedMax = row.observed_max;
    p.observedIntervalMs = row.observed_interval_ms;
    p.blockedUntil = Math.max(p.blockedUntil, row.blocked_until);
    const w = effectiveLimits(d.config, { max: row.observed_max, intervalMs: row.observed_interval_ms });
    const leaseMs = d.config.leaseMs ?? 2_000;
    const a = await acquireLease(trx, row, {
      portalId,
      now,
      w,
      leaseMs,
      lastUsed: prev?.handed ?? 0,
      waiting: p.waiting,
      minSlots: d.config.minLease ?? 4,
      maxSlots: Math.max(1, Math.ceil(w.limit / 4)),
      observations: p.currentReadings(now, w.intervalMs + w.marginMs),
      own: p.own(now, w.intervalMs + w.marginMs),
      prune: d.prune(),
    });
    if (!a.ok) return a;
    const lease: Lease = { id: a.id, slots: a.slots, cap: a.slots, handed: 0, inflight: 0, grantedAt: now, useBy: now + leaseMs, spans: [], closed: false };
    p.adopt(lease);
    // An idle lease gives its unused slots back soon after it ends, not a window later.
    setTimeout(() => void closeIfDone(d, p, lease, true), leaseMs + 5).unref();
    return { ok: true as const };
  });
}

/** Closes a lease that is done (rate-lease.ts, closable): one UPDATE, outside the lock. */
export async function closeIfDone(d: Leasing, p: PortalSlots, l: Lease, timer = false): Promise<void> {
  // The timer acts only once the lease has ended on the budget's clock (tests run on their own).
  if ((timer && d.now() < l.useBy) || !p.closable(l, d.now())) return;
  l.closed = true;
  // A failed close leaves the reservation in the ledger until its window passes: safe.
  await closeLease(d.db, l).catch(() => undefined);
}
