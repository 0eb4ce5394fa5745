import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { SEED } from '../../../backend/sandbox/seed';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';
import { describeEngines, type TestDatabase } from '../helpers/engines';
import { PATHS, hammer, type HammerArgs } from './budget-hammer';

/**
 * The leased budget against the real sandbox at HubSpot's limit (110 per 10 s): several
 * instances (RateBudget objects with their own database connections) hammer one portal, and the
 * sandbox's own limiter says what HubSpot would have counted. Not timed: the runs are long enough
 * to cover more than one window.
 */

const ACME = SEED.portals.acme;
const PORTAL = String(ACME.portalId);
const LIMIT = { max: 110, intervalMs: 10_000 };
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const HAMMER = fileURLToPath(new URL('./budget-hammer.ts', import.meta.url));

/** The times at which the sandbox's limiter accepted a request (its own decision, recorded as it makes it). */
function acceptedTimes(s: StartedSandbox): number[] {
  const limiter = s.sandbox.context.rateLimiter;
  const check = limiter.check.bind(limiter);
  const times: number[] = [];
  limiter.check = (key, now) => {
    const d = check(key, now);
    if (d.allowed) times.push(now);
    return d;
  };
  return times;
}

/** The most requests inside any window of `ms` (a window ends at every accepted request). */
function busiestWindow(times: readonly number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < t.length; hi++) {
    while (t[lo]! <= t[hi]! - ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** A second instance: another process with its own connection to the same database. */
function otherInstance(a: HammerArgs & { env: TestDatabase['env'] }): Promise<{ sent: number; limited: number }> {
  return new Promise((resolve, reject) => {
    execFile(TSX, [HAMMER, JSON.stringify(a)], { timeout: a.ms + 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`second instance failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as { sent: number; limited: number });
    });
  });
}

async function withSandbox<T>(fn: (s: StartedSandbox, token: string, accepted: number[]) => Promise<T>): Promise<T> {
  const s = await startSandbox({ rateLimit: LIMIT });
  try {
    const token = s.sandbox.control.install(ACME.portalId, ACME.users.superAdmin.userId).access_token;
    // One of the two paths slowed down: requests reach the limiter in another order than their slots were taken.
    s.sandbox.control.addLatency({ path: PATHS[1]!, ms: 120 });
    return await fn(s, token, acceptedTimes(s));
  } finally {
    await s.close();
  }
}

describeEngines('the leased rate budget against the sandbox’s limiter (110 per 10 s)', (ctx) => {
  it('two instances on one database never exceed 110 requests in any 10-s window, and get no 429', async () => {
    await withSandbox(async (s, token, accepted) => {
        // Both start together once the second process is up (tsx takes a few seconds to load it).
      const args = { portalId: PORTAL, sandboxUrl: s.url, token, workers: 6, ms: 13_000, startAt: Date.now() + 6_000 };
        const [x, y] = await Promise.all([hammer(new RateBudget(ctx.db.handle.db), args), otherInstance({ ...args, env: ctx.db.env })]);
        const busiest = busiestWindow(accepted, LIMIT.intervalMs);
        console.log(`[${ctx.engine}] two instances, 13 s: ${x.sent} + ${y.sent} requests, busiest 10-s window ${busiest}, 429s ${s.sandbox.control.counters().rateLimited}`);
        expect(s.sandbox.control.counters().rateLimited).toBe(0);
        expect(x.limited + y.limited).toBe(0);
        expect(busiest).toBeLessThanOrEqual(110);
        // Both instances got work done, and together they used most of what HubSpot allows.
        expect(Math.min(x.sent, y.sent)).toBeGreaterThan(10);
        expect(x.sent + y.sent).toBeGreaterThanOrEqual(150);
    });
  }, 60_000);

  it('another client spending half the budget is respected: no 429 for the instance', async () => {
    await withSandbox(async (s, token, accepted) => {
      // Another client of the same app and portal, outside the budget: 55 requests at once.
      const other = await Promise.all(Array.from({ length: 55 }, () => fetch(`${s.url}${PATHS[0]}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)));
      expect(other.every((st) => st === 200)).toBe(true);
      const seen = await hammer(new RateBudget(ctx.db.handle.db), { portalId: PORTAL, sandboxUrl: s.url, token, workers: 8, ms: 11_000 });
      const busiest = busiestWindow(accepted, LIMIT.intervalMs);
      console.log(`[${ctx.engine}] after 55 external: ${seen.sent} requests in 11 s, busiest 10-s window ${busiest}, 429s ${s.sandbox.control.counters().rateLimited}`);
      expect(s.sandbox.control.counters().rateLimited).toBe(0);
      expect(seen.limited).toBe(0);
      expect(busiest).toBeLessThanOrEqual(110);
      expect(seen.sent).toBeGreaterThan(40);
    });
  }, 60_000);
});
