import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../helpers/engines';
import { createWorkspace, signIn, startAccountsApp, uniqueEmail, type TestApp } from '../helpers/accounts-app';

/**
 * Known and unknown emails must take about as long (both run one KDF). At a cost where the KDF
 * dominates (ln=13, a few ms), interleaved samples' medians must be close. Interleaving cancels
 * drift from machine load; the tolerance is wide because CI machines are noisy.
 */
describeEngines('sign-in timing', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db, { PASSWORD_SCRYPT_LN: '13' });
  });
  afterAll(async () => t.close());

  it('answers wrong passwords for known and unknown emails in similar time', async () => {
    const ws = await createWorkspace(t.app);
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      const res = await signIn(t.app, email, 'wrong password here', { ip });
      expect(res.statusCode).toBe(401);
      return performance.now() - started;
    };
    for (let i = 0; i < 16; i++) {
      // A fresh address each time keeps the throttle out of the way; 9 per email stays under it.
      const ip = `192.0.2.${i + 1}`;
      const ghost = uniqueEmail('ghost');
      if (i % 2 === 0) {
        known.push(await time(ws.email, ip));
        unknown.push(await time(ghost, ip));
      } else {
        unknown.push(await time(ghost, ip));
        known.push(await time(ws.email, ip));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(known) / median(unknown);
    expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});
