import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { effectiveLimits } from '../delivery/rate-window';
import { DEFAULT_RATE_BUDGET, type RateBudgetConfig } from '../delivery/rate-budget';
import { backlog } from './outbox-store';
import { collectFailures, outboxDeadLetters, outboxDepth, outboxOldestAge, rateBudgetLimit, rateBudgetUsed } from '../../metrics/registry';

/**
 * Fills the gauges that describe shared state (outbox, rate budget) from the database, once per
 * scrape. A few grouped queries on indexed columns; bounded by a timeout so a slow database
 * makes /metrics answer with the last readings instead of hanging the scraper.
 */

export interface DbGaugeOptions {
  rate?: RateBudgetConfig;
  timeoutMs?: number;
  now?: () => number;
}

async function read(db: Kysely<Database>, o: Required<DbGaugeOptions>) {
  const now = o.now();
  const [queue, dead, used, portals] = await Promise.all([
    backlog(db),
    db
      .selectFrom('write_outbox')
      .select((eb) => ['portal_id', eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'failed')
      .groupBy('portal_id')
      .execute(),
    db
      .selectFrom('rate_budget_leases')
      .select((eb) => ['portal_id', eb.fn.sum<number>('slots').as('n')])
      .where('at', '>', now - o.rate.intervalMs)
      .groupBy('portal_id')
      .execute(),
    db.selectFrom('portal_delivery').select(['portal_id', 'observed_max', 'observed_interval_ms']).execute(),
  ]);
  return { now, queue, dead, used, portals };
}

export async function refreshDbGauges(db: Kysely<Database>, opts: DbGaugeOptions = {}): Promise<boolean> {
  const o: Required<DbGaugeOptions> = { rate: opts.rate ?? DEFAULT_RATE_BUDGET, timeoutMs: opts.timeoutMs ?? 2_000, now: opts.now ?? Date.now };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), o.timeoutMs);
  });
  let r: Awaited<ReturnType<typeof read>> | null;
  try {
    r = await Promise.race([read(db, o), timeout]);
  } catch {
    r = null;
  } finally {
    clearTimeout(timer);
  }
  if (!r) {
    collectFailures.inc();
    return false;
  }
  // Reset first so a portal whose queue drained (or was uninstalled) stops being reported.
  outboxDepth.reset();
  outboxOldestAge.reset();
  outboxDeadLetters.reset();
  rateBudgetUsed.reset();
  rateBudgetLimit.reset();
  const oldest = new Map<string, number>();
  for (const q of r.queue) {
    outboxDepth.set({ portal: q.portal_id, status: q.status }, q.n);
    if (q.oldest !== null) oldest.set(q.portal_id, Math.min(oldest.get(q.portal_id) ?? Infinity, q.oldest));
  }
  for (const [portal, at] of oldest) outboxOldestAge.set({ portal }, Math.max(0, (r.now - at) / 1000));
  for (const d of r.dead) outboxDeadLetters.set({ portal: d.portal_id }, Number(d.n));
  for (const u of r.used) rateBudgetUsed.set({ portal: u.portal_id }, Number(u.n));
  for (const p of r.portals) {
    const w = effectiveLimits(o.rate, { max: p.observed_max, intervalMs: p.observed_interval_ms });
    rateBudgetLimit.set({ portal: p.portal_id }, w.limit);
    if (!r.used.some((u) => u.portal_id === p.portal_id)) rateBudgetUsed.set({ portal: p.portal_id }, 0);
  }
  return true;
}

