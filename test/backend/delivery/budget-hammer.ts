import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../../../backend/db/database';
import { rateHeaders } from '../../../backend/hubspot/rate-headers';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';

/**
 * One backend instance's HubSpot callers, reduced to the budget: `workers` concurrent loops of
 * slot, request, settle against the sandbox. Run in the test's process, or on its own as a second
 * instance (`tsx budget-hammer.ts '<json>'`, printing its counts) — a second SQLite instance must
 * be another process, as in production: better-sqlite3 waits for a lock synchronously.
 */

export const PATHS = ['/crm/v3/properties/contacts/firstname', '/crm/v3/properties/contacts/lastname'];

export interface HammerArgs {
  portalId: string;
  sandboxUrl: string;
  token: string;
  workers: number;
  ms: number;
  /** Epoch ms to start at, so instances in different processes start together. */
  startAt?: number;
}

export async function hammer(budget: RateBudget, a: HammerArgs): Promise<{ sent: number; limited: number }> {
  if (a.startAt) await sleep(Math.max(0, a.startAt - Date.now()));
  const end = Date.now() + a.ms;
  const seen = { sent: 0, limited: 0 };
  await Promise.all(
    Array.from({ length: a.workers }, async (_, w) => {
      for (let i = 0; ; i++) {
        const t = await budget.takeWithin(a.portalId, end - Date.now());
        if (!t.ok) return;
        const res = await fetch(`${a.sandboxUrl}${PATHS[(w + i) % 2]}`, { headers: { authorization: `Bearer ${a.token}` } });
        await res.arrayBuffer();
        seen.sent++;
        if (res.status === 429) seen.limited++;
        await budget.settle(a.portalId, t.slotId, rateHeaders(res.headers));
      }
    }),
  );
  return seen;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const a = JSON.parse(process.argv[2] ?? '{}') as HammerArgs & { env: { DATA_DIR: string; DATABASE_URL?: string } };
  const handle = createDatabase(a.env);
  hammer(new RateBudget(handle.db), a)
    .then(async (seen) => {
      process.stdout.write(`${JSON.stringify(seen)}\n`);
      await handle.close();
    })
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
