import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';
import { unknownRequests } from '../../../backend/services/delivery/rate-window';
import { writesDb } from '../../../backend/services/writes/tables';
import { describeEngines } from '../helpers/engines';

/**
 * The shared budget learns about requests HubSpot counted that it never granted (a call that
 * bypassed it, another client of the app) from answers' rate headers. The scale bench's 429 came
 * from that arithmetic comparing HubSpot's count at a request's arrival with every slot granted by
 * the time the answer was read: with requests in flight, unknown requests were never seen.
 */

describe('unknown requests from rate headers', () => {
  it('compares HubSpot’s count with what was granted when the slot was taken', () => {
    // HubSpot counted 4 when this request arrived; 1 was known then (the request itself).
    expect(unknownRequests({ max: 10, remaining: 6 }, 1, 0)).toBe(3);
    // Phantoms another answer already added since this slot was taken cover the same requests.
    expect(unknownRequests({ max: 10, remaining: 6 }, 1, 3)).toBe(0);
    expect(unknownRequests({ max: 10, remaining: 9 }, 5, 0)).toBe(0);
    expect(unknownRequests({ max: 10, remaining: 0 }, 0, 0)).toBe(10);
  });
});

const headers = (max: number, remaining: number) => ({ max, remaining, intervalMs: 10_000 });

describeEngines('rate budget: requests HubSpot counted that no slot granted', (ctx) => {
  let n = 0;
  // A portal per test: the budget's rows are per portal.
  const portal = () => `9${++n}${ctx.engine === 'sqlite' ? 1 : 2}`;
  const budget = () => new RateBudget(writesDb(ctx.db.handle.db), { limit: 10, intervalMs: 10_000, marginMs: 250 });

  it('adds them as phantom slots even while other granted requests are still in flight', async () => {
    const b = budget();
    const p = portal();
    // Three requests granted before any answer is back; HubSpot had also counted 3 others.
    const s1 = await b.take(p);
    const s2 = await b.take(p);
    const s3 = await b.take(p);
    await b.settle(p, s1, headers(10, 6)); // s1 arrived 4th
    expect(await b.usage(p)).toBe(6);
    await b.settle(p, s2, headers(10, 5)); // the same 3 unknown: nothing more
    await b.settle(p, s3, headers(10, 4));
    expect(await b.usage(p)).toBe(6);
    // So the budget grants 4 more, not 7: HubSpot would have refused the 11th.
    const more: boolean[] = [];
    for (let i = 0; i < 5; i++) more.push((await b.tryTake(p)).ok);
    expect(more).toEqual([true, true, true, true, false]);
  });

  it('learns nothing new from answers that match what it granted', async () => {
    const b = budget();
    const p = portal();
    for (let i = 1; i <= 4; i++) {
      const s = await b.take(p);
      await b.settle(p, s, headers(10, 10 - i));
    }
    expect(await b.usage(p)).toBe(4);
  });
});

describeEngines('rate budget: a bounded wait for calls someone is waiting on', (ctx) => {
  let n = 0;
  const portal = () => `8${++n}${ctx.engine === 'sqlite' ? 1 : 2}`;

  it('takeWithin grants while the window has room and refuses, with when to retry, once it would wait too long', async () => {
    let clock = 1_000_000;
    const b = new RateBudget(writesDb(ctx.db.handle.db), { limit: 3, intervalMs: 10_000, marginMs: 250 }, () => clock);
    const p = portal();
    for (let i = 0; i < 3; i++) expect((await b.takeWithin(p, 500)).ok).toBe(true);
    const spent = await b.takeWithin(p, 500);
    expect(spent.ok).toBe(false);
    // The oldest slot leaves the (widened) window 10.25 s after it was taken.
    expect(spent.ok ? 0 : spent.retryAt).toBe(1_000_000 + 10_250 + 1);
    clock += 10_252;
    expect((await b.takeWithin(p, 500)).ok).toBe(true);
  });

  it('a settled answer costs one transaction and keeps the slot counted from its completion', async () => {
    let clock = 2_000_000;
    const b = new RateBudget(writesDb(ctx.db.handle.db), { limit: 2, intervalMs: 10_000, marginMs: 0 }, () => clock);
    const p = portal();
    const s = await b.take(p);
    clock += 4_000;
    await b.settle(p, s, { max: 2, remaining: 1, intervalMs: 10_000 });
    await b.take(p);
    // 11 s after the first take, but only 7 s after its answer: still counted.
    clock += 7_000;
    expect((await b.tryTake(p)).ok).toBe(false);
    clock += 3_001;
    expect((await b.tryTake(p)).ok).toBe(true);
  });
});
