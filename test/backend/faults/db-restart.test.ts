import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ACME, planWrites, sendWrite, type PlannedWrite } from '../ops/api';
import { pool } from '../ops/windows';
import { allDelivered, copiesInHubSpot, startFaultBackend, type FaultBackend } from './backend';
import { postgresBinDirs, startCluster, type Cluster } from '../../setup/pg-cluster';

/**
 * PostgreSQL restarts in the middle of a write burst (the cluster stopped with every session
 * terminated, then started again), under the real backend with its delivery worker:
 * - during the outage every API request gets a clean 503 `service_unavailable` in the standard
 *   error shape with Retry-After (never a 500, never the driver's words), /readyz says not ready
 *   while /healthz says the process is up;
 * - afterwards the backend recovers by itself — no restart — and every accepted write, plus
 *   every write the client resends with its key, is delivered exactly once.
 */

const N = 30;
const INTERNALS = /ECONNREFUSED|postgres|terminat|pg_|stack|at \//i;
const suite = postgresBinDirs().length > 0 ? describe : process.env.CI === 'true' ? describe : describe.skip;

suite('PostgreSQL restart during a write burst', () => {
  let cluster: Cluster;
  let b: FaultBackend;
  beforeAll(async () => {
    // Its own cluster: the shared one (test/setup/postgres.ts) must never be stopped under other suites.
    const started = await startCluster({ prefix: 'portside-pgrestart-', settings: ['fsync=off'] });
    if (!started) throw new Error('PostgreSQL is required under CI=true but initdb was not found');
    cluster = started;
    b = await startFaultBackend({ databaseUrl: cluster.url });
  }, 60_000);
  afterAll(async () => {
    await b?.close().catch(() => {});
    cluster?.destroy();
  });

  it('answers 503 during the outage, recovers by itself, and delivers every write once', async () => {
    const control = b.sandbox.sandbox.control;
    // Creates take a while in HubSpot, so the restart lands with deliveries on the wire.
    control.addLatency({ method: 'POST', path: '/crm/v3/objects/*/batch/create', ms: 500 });
    const writes = planWrites(b.team, N, 'pgr');
    const before = writes.slice(0, 12);
    const during = writes.slice(12, 20);
    const after = writes.slice(20);
    const accepted: PlannedWrite[] = [];
    const unanswered: PlannedWrite[] = [];
    await pool(before, 3, async (w) => {
      const r = await sendWrite(b.url, w);
      (r.status === 202 ? accepted : unanswered).push(w);
    });
    expect(accepted.length).toBe(before.length);

    cluster.stop();
    try {
      // Writes, reads and the session check all answer the same clean outage error.
      for (const w of during) {
        const r = await sendWrite(b.url, w);
        expect([r.status, (r.error as { error?: { code?: string } }).error?.code]).toEqual([503, 'service_unavailable']);
        expect(JSON.stringify(r.error)).not.toMatch(INTERNALS);
        unanswered.push(w);
      }
      for (const path of [`/api/v1/portals/${ACME.portalId}/contacts/101/view`, '/api/v1/me', `/api/v1/portals/${ACME.portalId}/contacts/101/writes`]) {
        const res = await fetch(`${b.url}${path}`, { headers: { authorization: `Bearer ${b.team.repToken}` } });
        const body = await res.text();
        expect([res.status, (JSON.parse(body) as { error: { code: string } }).error.code], path).toEqual([503, 'service_unavailable']);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(body).not.toMatch(INTERNALS);
      }
      const ready = await api<{ status: string; checks: { database: { ok: boolean } } }>(b.url, 'GET', '/readyz', null);
      expect([ready.status, ready.body.status, ready.body.checks.database.ok]).toEqual([503, 'not_ready', false]);
      expect((await api(b.url, 'GET', '/healthz', null)).status).toBe(200);
      // Let the worker run into the outage too (it must neither crash nor give writes up).
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      cluster.start();
    }

    // Back without a restart of the backend: ready again within seconds.
    const end = Date.now() + 15_000;
    while ((await api(b.url, 'GET', '/readyz', null)).status !== 200) {
      if (Date.now() > end) throw new Error('backend did not become ready again after the database came back');
      await new Promise((r) => setTimeout(r, 200));
    }
    const back = Date.now();
    for (const w of [...unanswered, ...after]) expect((await sendWrite(b.url, w)).status, w.key).toBe(202);
    await allDelivered(b, writes.map((w) => w.key), 40_000);
    const recoveredMs = Date.now() - back;
    // Claims the worker held when the database went away are handed back once it answers, not
    // left until their lease (20 s) runs out.
    expect(recoveredMs).toBeLessThan(15_000);
    expect(copiesInHubSpot(b.sandbox, writes)).toEqual({ dupes: [], missing: [] });
    expect(control.counters().writes.notes + control.counters().writes.tasks).toBe(N);
    // Nothing in the logs is an unexplained failure: the outage is logged as such.
    const failed = b.logs.filter((l) => l.includes('"request.failed"'));
    expect(failed).toEqual([]);
    console.info(`[db-restart] ${accepted.length} accepted before the restart, ${unanswered.length} refused with 503 during it and resent; all ${N} delivered once ${(recoveredMs / 1000).toFixed(1)} s after the database came back`);
  }, 60_000);
});
