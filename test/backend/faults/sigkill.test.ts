import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../backend/db/database';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { planWrites, sendWrite, setUpTeam, type PlannedWrite, type Team } from '../ops/api';
import { backendEnv, startBackend, type BackendProcess } from '../ops/process';
import { freePort } from '../../support/port';
import { pool } from '../ops/windows';
import { copiesInHubSpot } from './backend';

/**
 * kill -9 of the real backend (backend/main.ts with its delivery worker, SQLite) during a write
 * burst, with creates on the wire to HubSpot: nothing runs on the way out, so HubSpot goes on to
 * create notes/tasks nobody records, and claims are left behind. A new process on the same data
 * directory must deliver every accepted write exactly once — reconciling the in-flight creates by
 * their marker instead of sending them again — and the client's resends of unanswered writes
 * (same idempotency keys) must not double anything either.
 */
const N = 30;

describe('SIGKILL of the backend during a write burst', () => {
  let sandbox: StartedSandbox;
  let first: BackendProcess;
  let second: BackendProcess | undefined;
  let team: Team;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-kill-'));
  // One reader for the whole test: opening and closing connections would checkpoint the WAL and
  // take the write lock from under the backend.
  let reader: ReturnType<typeof createDatabase> | undefined;
  const rows = () => {
    reader ??= createDatabase({ DATA_DIR: dataDir });
    return reader.db.selectFrom('write_outbox').select(['idempotency_key', 'status', 'maybe_sent']).execute();
  };

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ redirectUris: [`${publicUrl}/install/callback`] });
    env = backendEnv({ port, publicUrl, dataDir, encryptionKeys: `k1:${randomBytes(32).toString('base64')}`, sandboxUrl: sandbox.url, clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret, appId: SANDBOX_APP.appId });
    first = await startBackend('first', env);
    team = await setUpTeam(first.url, sandbox.url, dataDir);
  }, 60_000);

  afterAll(async () => {
    for (const p of [first, second]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await reader?.close();
    await sandbox?.close();
  });

  it('every accepted write is delivered exactly once after kill -9 and a restart', async () => {
    const control = sandbox.sandbox.control;
    // A create takes 1 s inside HubSpot, so the kill lands with creates on the wire.
    control.addLatency({ method: 'POST', path: '/crm/v3/objects/*/batch/create', ms: 1_000 });
    const writes = planWrites(team, N, 'sk');
    const accepted = new Set<string>();
    const unanswered: PlannedWrite[] = [];
    let killed = false;
    const kill = (async () => {
      while (accepted.size < 12) await new Promise((r) => setTimeout(r, 20));
      // Wait for a create committed as "maybe sent" (its request leaving), then give it time to arrive.
      for (let i = 0; i < 200 && !(await rows()).some((r) => r.status === 'delivering' && r.maybe_sent === 1); i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      first.child.kill('SIGKILL');
      killed = true;
    })();
    await pool(writes, 4, async (w, i) => {
      await new Promise((r) => setTimeout(r, i * 120));
      if (killed) return void unanswered.push(w);
      const r = await sendWrite(first.url, w);
      if (r.status === 202) accepted.add(w.key);
      else unanswered.push(w);
    });
    await kill;
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Everything answered 202 was durable before the answer; the dead process left claims behind,
    // creates among them possibly sent.
    const left = await rows();
    for (const key of accepted) expect(left.map((r) => r.idempotency_key)).toContain(key);
    expect(left.filter((r) => r.status === 'delivering' && r.maybe_sent === 1).length).toBeGreaterThan(0);

    const t0 = Date.now();
    second = await startBackend('second', { ...env, PORT: '0' });
    for (const w of unanswered) expect([200, 202]).toContain((await sendWrite(second.url, w)).status);
    const deadline = Date.now() + 45_000;
    let now = await rows();
    while (Date.now() < deadline && !(now.length === N && now.every((r) => r.status === 'done'))) {
      await new Promise((r) => setTimeout(r, 300));
      now = await rows();
    }
    expect(now.filter((r) => r.status !== 'done')).toEqual([]);
    expect(now).toHaveLength(N);
    expect(copiesInHubSpot(sandbox, writes)).toEqual({ dupes: [], missing: [] });
    // Not even a transient duplicate: HubSpot created each note and task once.
    expect(control.counters().writes.notes + control.counters().writes.tasks).toBe(N);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    console.info(`[sigkill] ${accepted.size} accepted before kill -9, ${unanswered.length} resent to the new process; all ${N} delivered once ${((Date.now() - t0) / 1000).toFixed(1)} s after the restart`);
  }, 90_000);
});
