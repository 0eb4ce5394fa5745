import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RateBudget, type RateHeaders } from '../../../backend/services/delivery/rate-budget';
import { externalSeen, leaseSize, mergeExternal, rowSpans, type LeaseRow } from '../../../backend/services/delivery/rate-window';
import { RateLimiter } from '../../../backend/sandbox/rate-limit';
import { describeEngines } from '../helpers/engines';

/**
 * The shared budget leases slots to each instance and learns about requests HubSpot counted that
 * no lease explains (another client of the app) from answers' rate headers. HubSpot is played by
 * the sandbox's own rolling-window limiter on the test's clock, so its headers are truthful.
 */

const W = { limit: 10, intervalMs: 10_000, marginMs: 250 };
const rowSpansOf = (rows: LeaseRow[]) => rows.flatMap(rowSpans);

describe('the window arithmetic', () => {
  it('counts as external only what no lease that could share the window explains', () => {
    const rows = rowSpansOf([
      // Closed: 3 slots used, answered 200, 300 and 2,500 ms after the grant.
      { slots: 3, granted_at: 1_000, at: 3_500, answers: '200,300,2500' },
      // Open, or granted after the answer was read: none of its requests can be in that count.
      { slots: 3, granted_at: 6_000, at: 8_000, answers: null },
    ]);
    expect(externalSeen({ counted: 7, start: 1_100, done: 5_000 }, rows, W)).toBe(4);
    expect(externalSeen({ counted: 3, start: 1_100, done: 5_000 }, rows, W)).toBe(0);
    // Requests answered a window (and margin) before this one started are not in its count.
    expect(externalSeen({ counted: 5, start: 11_600, done: 12_400 }, rows, W)).toBe(1);
  });

  it('keeps the largest reading in force, never a sum', () => {
    const now = 10_000;
    expect(mergeExternal({ count: 5, until: 12_000 }, [{ count: 3, until: 19_000 }, { count: 4, until: 15_000 }], now)).toEqual({ count: 5, until: 12_000 });
    expect(mergeExternal({ count: 5, until: 9_000 }, [{ count: 3, until: 19_000 }], now)).toEqual({ count: 3, until: 19_000 });
    expect(mergeExternal({ count: 5, until: 9_000 }, [], now)).toEqual({ count: 0, until: 0 });
  });

  it('sizes a lease to demand, at most a quarter of the limit and half of what is free', () => {
    expect(leaseSize({ lastUsed: 0, waiting: 1, min: 4, max: 28, free: 110 })).toBe(4);
    expect(leaseSize({ lastUsed: 10, waiting: 1, min: 4, max: 28, free: 110 })).toBe(20);
    expect(leaseSize({ lastUsed: 0, waiting: 50, min: 4, max: 28, free: 110 })).toBe(28);
    expect(leaseSize({ lastUsed: 20, waiting: 1, min: 4, max: 28, free: 9 })).toBe(5);
    expect(leaseSize({ lastUsed: 20, waiting: 1, min: 4, max: 28, free: 1 })).toBe(1);
    expect(leaseSize({ lastUsed: 20, waiting: 1, min: 4, max: 28, free: 0 })).toBe(0);
  });
});

describeEngines('rate budget against HubSpot’s own count', (ctx) => {
  let n = 0;
  // A portal per test: the budget's rows are per portal.
  const portal = () => `9${++n}${ctx.engine === 'sqlite' ? 1 : 2}`;
  const setup = () => {
    const clock = { t: 5_000_000 };
    const hubspot = new RateLimiter({ max: W.limit, intervalMs: W.intervalMs });
    const b = new RateBudget(ctx.db.handle.db, W, () => clock.t);
    const p = portal();
    /** A request reaching HubSpot now: its answer's headers, or null for a 429. */
    const arrive = (): RateHeaders | null => {
      const d = hubspot.check(p, clock.t);
      return d.allowed ? { max: d.max, remaining: d.remaining, intervalMs: d.intervalMs } : null;
    };
    return { clock, b, p, arrive };
  };

  it('answers reaching HubSpot in another order than their slots were taken never make it refuse while HubSpot has room', async () => {
    const { clock, b, p, arrive } = setup();
    const slots: string[] = [];
    for (let i = 0; i < 5; i++) {
      slots.push(await b.take(p));
      clock.t += 10;
    }
    // The last slot's request reaches HubSpot first, the first one's last; answers are read in take order.
    const answers = new Map<string, RateHeaders | null>();
    for (const s of [...slots].reverse()) {
      clock.t += 10;
      answers.set(s, arrive());
    }
    for (const s of slots) {
      clock.t += 10;
      await b.settle(p, s, answers.get(s)!);
    }
    // HubSpot counted 5 of 10: the budget grants the other 5, each accepted by HubSpot, then stops.
    const more: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock.t += 10;
      const r = await b.tryTake(p);
      if (!r.ok) break;
      const h = arrive();
      more.push(h ? 'sent' : '429');
      await b.settle(p, r.slotId, h);
    }
    expect(more).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  });

  it('respects requests HubSpot counted that it never granted, even while its own are in flight', async () => {
    const { clock, b, p, arrive } = setup();
    // Another client of the app spent 3 of the window.
    for (let i = 0; i < 3; i++) arrive();
    const s = [await b.take(p), await b.take(p), await b.take(p)];
    const answers = s.map(() => arrive());
    for (const [i, slot] of s.entries()) {
      clock.t += 10;
      await b.settle(p, slot, answers[i]!);
    }
    const more: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock.t += 10;
      const r = await b.tryTake(p);
      if (!r.ok) break;
      const h = arrive();
      more.push(h ? 'sent' : '429');
      await b.settle(p, r.slotId, h);
    }
    // 4 more, not 7: HubSpot would have refused the 11th.
    expect(more).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('writes a few rows per thousand requests, not one (or more) per request', async () => {
    let clock = 7_000_000;
    // Counts every statement the budget sends, as Kysely builds it.
    const writes = { inserts: 0, updates: 0, deletes: 0, selects: 0 };
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (node.kind === 'InsertQueryNode') writes.inserts++;
        else if (node.kind === 'UpdateQueryNode') writes.updates++;
        else if (node.kind === 'DeleteQueryNode') writes.deletes++;
        else if (node.kind === 'SelectQueryNode') writes.selects++;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const b = new RateBudget(ctx.db.handle.db.withPlugin(counter), { limit: 110, intervalMs: 10_000, marginMs: 250 }, () => clock);
    const hubspot = new RateLimiter({ max: 110, intervalMs: 10_000 });
    const p = portal();
    let refused = 0;
    for (let i = 0; i < 1_000; i++) {
      // 10 requests a second, a little under HubSpot's 11.
      clock += 100;
      const slot = await b.take(p);
      const d = hubspot.check(p, clock);
      if (!d.allowed) refused++;
      await b.settle(p, slot, { max: d.max, remaining: d.remaining, intervalMs: d.intervalMs });
    }
    console.log(`[${ctx.engine}] 1,000 requests: ${writes.inserts} inserts, ${writes.updates} updates, ${writes.deletes} deletes, ${writes.selects} selects`);
    expect(refused).toBe(0);
    // Per-request bookkeeping inserted ≥ 1,000 rows (plus phantoms) in ≥ 2,000 transactions. A
    // lease costs one transaction (lock, insert, closing the previous one); at this pace, next to
    // the limit, leases stay small (half of what is free), about 4 slots each.
    expect(writes.inserts).toBeLessThan(300);
    expect(writes.inserts + writes.updates + writes.deletes).toBeLessThan(800);
  });
});

describeEngines('rate budget: the open lease', (ctx) => {
  let n = 0;
  const portal = () => `7${++n}${ctx.engine === 'sqlite' ? 1 : 2}`;

  it('an answer saying HubSpot has no room left stops handing out the lease’s slots at once', async () => {
    let clock = 3_000_000;
    const b = new RateBudget(ctx.db.handle.db, W, () => clock);
    const p = portal();
    const s = await b.take(p);
    clock += 50;
    // Another client took the other 9 meanwhile; the lease (3 slots, a quarter of 10) still has 2.
    await b.settle(p, s, { max: 10, remaining: 0, intervalMs: 10_000 });
    const r = await b.tryTake(p);
    expect(r.ok).toBe(false);
    // Until that answer's window (and margin) has passed.
    expect(r.ok ? 0 : r.retryAt).toBe(3_000_050 + 10_250 + 1);
  });

  it('an idle lease gives its unused slots back when it ends', async () => {
    const b = new RateBudget(ctx.db.handle.db, { ...W, leaseMs: 50 });
    const p = portal();
    const s = await b.take(p);
    await b.settle(p, s, null);
    // 3 slots leased (a quarter of 10), 1 used: all 3 count until the lease ends and its timer closes it.
    expect(await b.usage(p)).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.usage(p)).toBe(1);
  });
});

describeEngines('rate budget: a bounded wait for calls someone is waiting on', (ctx) => {
  let n = 0;
  const portal = () => `8${++n}${ctx.engine === 'sqlite' ? 1 : 2}`;

  it('takeWithin grants while the window has room and refuses, with when to retry, once it would wait too long', async () => {
    let clock = 1_000_000;
    const b = new RateBudget(ctx.db.handle.db, { limit: 3, intervalMs: 10_000, marginMs: 250 }, () => clock);
    const p = portal();
    for (let i = 0; i < 3; i++) expect((await b.takeWithin(p, 500)).ok).toBe(true);
    const spent = await b.takeWithin(p, 500);
    expect(spent.ok).toBe(false);
    // The lease counts its slots at its end (2 s after the grant) until closed, plus the window and margin.
    expect(spent.ok ? 0 : spent.retryAt).toBe(1_000_000 + 2_000 + 10_250 + 1);
    clock += 12_252;
    expect((await b.takeWithin(p, 500)).ok).toBe(true);
  });

  it('a settled slot counts from its answer, and a closed lease gives its unused slots back', async () => {
    let clock = 2_000_000;
    const b = new RateBudget(ctx.db.handle.db, { limit: 2, intervalMs: 10_000, marginMs: 0, leaseMs: 1_000 }, () => clock);
    const p = portal();
    const s = await b.take(p);
    clock += 4_000;
    // Answered 4 s later: the lease (spent: nothing more can be handed out) closes with 1 slot used.
    await b.settle(p, s, { max: 2, remaining: 1, intervalMs: 10_000 });
    expect(await b.usage(p)).toBe(1);
    await b.take(p);
    // 11 s after the first take, but only 7 s after its answer: still counted.
    clock += 7_000;
    expect((await b.tryTake(p)).ok).toBe(false);
    clock += 3_001;
    expect((await b.tryTake(p)).ok).toBe(true);
  });
});
