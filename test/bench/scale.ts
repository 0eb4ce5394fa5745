/**
 * Row scale — the write burst through the PRODUCTION wiring (lib/production.ts, lib/burst.ts)
 * on two backend instances sharing one PostgreSQL database, compared in the same run with one
 * instance on SQLite.
 *
 *   npx tsx test/bench/scale.ts [--reps=50] [--writes=20] [--settle-ms=11000]
 *
 * Each instance is buildApp as `npm run backend` builds it, listening on its own port with its own
 * delivery worker and identity sync; the burst's requests alternate between the instances. They
 * share the outbox (claims with FOR UPDATE SKIP LOCKED) and the per-portal rate budget in the
 * database. PostgreSQL is a throwaway local cluster (fsync on). Both instances, the sandbox
 * (110 requests / 10 s) and the load run in the bench process. Issue 9 sets no time goal: the
 * invariants are the goal (0 × 429, 0 duplicates, all delivered, 0 refused).
 */
import { startPostgres } from './lib/postgres';
import { runBurst, type BurstResult } from './lib/burst';
import { startProduction } from './lib/production';
import { emitResult, notMeasured, round } from './lib/result';

const arg = (name: string, fallback: string) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const REPS = arg('reps', '50');
const PER = arg('writes', '20');
const SETTLE_MS = arg('settle-ms', '11000');
const GOAL = 'production wiring, two PostgreSQL instances: 0 × 429, 0 duplicates, all delivered, 0 refused (issue 9 sets no time goal)';

async function burst(label: string, o: { instances: number; databaseUrl?: string }) {
  const prod = await startProduction({ reps: REPS, instances: o.instances, ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}) });
  try {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    prod.sandbox.sandbox.control.resetCounters();
    const b = await runBurst(prod, REPS, PER);
    console.log(JSON.stringify({ label, ...b, refused: b.refused.length }));
    return b;
  } finally {
    await prod.close();
  }
}

const pg = await startPostgres();
if (!pg) {
  emitResult(notMeasured('scale', GOAL, 'no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb); apt-get install -y postgresql'));
  process.exit(0);
}
try {
  const sqlite = await burst('sqlite-1', { instances: 1 });
  const pg2 = await burst('postgres-2', { instances: 2, databaseUrl: pg.url });
  const met = pg2.r429 === 0 && pg2.duplicates === 0 && pg2.notDone === 0 && pg2.refused.length === 0;
  const line = (r: BurstResult) => `last delivery ${round(r.deliveredMs / 1000)} s after the first request, ${r.requests} HubSpot requests, ${r.r429} × 429, ${r.duplicates} duplicates, ${r.notDone} not done, ${r.refused.length} refused (${r.pendingCheck} pending_check)`;
  const summary = (r: BurstResult) => ({ seconds: round(r.deliveredMs / 1000), requests: r.requests, r429: r.r429, duplicates: r.duplicates, notDone: r.notDone, refused: r.refused.length, pendingCheck: r.pendingCheck, byPath: r.byPath });
  emitResult({
    row: 'scale',
    figures: { writes: REPS * PER, postgresTwoInstances: summary(pg2) },
    comparison: { sqliteOneInstance: summary(sqlite), ratio: round(pg2.deliveredMs / sqlite.deliveredMs, 2) },
    goal: GOAL,
    met,
    notes: `Production wiring: ${REPS} reps × ${PER} writes over HTTP, alternating between the instances; each instance is buildApp with its own worker. Delivery is bound by HubSpot's 110 requests / 10 s per portal, which both instances share, so a second instance is not expected to be faster; this row shows whether it breaks an invariant.`,
    table: {
      figure: `PostgreSQL, 2 instances: ${REPS * PER} writes, ${line(pg2)}`,
      comparison: `SQLite, 1 instance: ${line(sqlite)} (PostgreSQL/SQLite time ${round(pg2.deliveredMs / sqlite.deliveredMs, 2)}×)`,
      evidence: `${pg2.r429} × 429, ${pg2.duplicates} duplicates, ${pg2.notDone} not done, ${pg2.refused.length} refused with 2 instances`,
    },
  });
} finally {
  pg.stop();
}
process.exit(0);
