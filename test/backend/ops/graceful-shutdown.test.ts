import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../backend/db/database';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { startSandbox, type StartedSandbox } from '../../../backend/sandbox/start';
import { ACME, PASSWORD, planWrites, sendWrite, setUpTeam, type PlannedWrite, type Team } from './api';
import { backendEnv, startBackend, type BackendProcess } from './process';
import { freePort } from '../../support/port';
import { leakedSecrets, pool } from './windows';

/**
 * SIGTERM during a write burst (SQLite, one instance): the process stops taking requests,
 * finishes the ones in flight, lets a HubSpot create already on the wire complete and records
 * it, releases writes it had claimed but not sent, closes the database and exits 0. A new
 * process on the same data directory then delivers the rest: nothing lost, nothing doubled.
 */
const N = 30;

describe('graceful shutdown (SIGTERM during a burst)', () => {
  let sandbox: StartedSandbox;
  let first: BackendProcess;
  let second: BackendProcess | undefined;
  let team: Team;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'portside-term-'));
  const keys = `k1:${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ redirectUris: [`${publicUrl}/install/callback`] });
    env = backendEnv({ port, publicUrl, dataDir, encryptionKeys: keys, sandboxUrl: sandbox.url, clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret, appId: SANDBOX_APP.appId });
    first = await startBackend('first', { ...env, SHUTDOWN_GRACE_MS: '15000' });
    team = await setUpTeam(first.url, sandbox.url, dataDir);
  }, 60_000);

  afterAll(async () => {
    for (const p of [first, second]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await sandbox?.close();
  });

  it('loses nothing and doubles nothing', async () => {
    const control = sandbox.sandbox.control;
    // A create takes 1 s in HubSpot, so SIGTERM arrives with one on the wire.
    control.addLatency({ method: 'POST', path: '/crm/v3/objects/*/batch/create', ms: 1000 });
    const writes = planWrites(team, N, 'gs');
    const answered = new Map<string, number>();
    const unanswered: PlannedWrite[] = [];
    let termAt: number | null = null;
    let exitAt = 0;
    void first.exited.then(() => (exitAt = Date.now()));
    await pool(writes, 4, async (w, i) => {
      await new Promise((r) => setTimeout(r, i * 150));
      if (termAt !== null) return void unanswered.push(w);
      const r = await sendWrite(first.url, w);
      if (r.status === 202) answered.set(w.key, r.status);
      else unanswered.push(w); // 503 while closing, or the connection refused after it
      if (answered.size === 12 && termAt === null) {
        termAt = Date.now();
        first.child.kill('SIGTERM');
      }
    });
    const exit = await first.exited;
    const stopMs = exitAt - termAt!;
    expect(exit).toEqual({ code: 0, signal: null });
    const msgs = first.logs().map((l) => l.msg);
    expect(msgs).toContain('shutdown.start');
    expect(msgs).toContain('shutdown.done');

    // With the process gone: every answered write is stored, none is left claimed.
    const handle = createDatabase({ DATA_DIR: dataDir });
    const wdb = handle.db;
    const stored = await wdb.selectFrom('write_outbox').select(['idempotency_key', 'status']).execute();
    await handle.close();
    for (const key of answered.keys()) expect(stored.map((s) => s.idempotency_key)).toContain(key);
    expect(stored.filter((s) => s.status === 'delivering')).toEqual([]);

    // A new process on the same data takes over; the client resends what got no answer.
    second = await startBackend('second', { ...env, PORT: '0' });
    for (const w of unanswered) expect([200, 202]).toContain((await sendWrite(second.url, w)).status);
    const again = createDatabase({ DATA_DIR: dataDir });
    const deadline = Date.now() + 60_000;
    let rows: { idempotency_key: string; status: string }[] = [];
    while (Date.now() < deadline) {
      rows = await again.db.selectFrom('write_outbox').select(['idempotency_key', 'status']).execute();
      if (rows.length === N && rows.every((r) => r.status === 'done')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    await again.close();
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);
    expect(rows).toHaveLength(N);

    const texts = [...control.notes(ACME.portalId).map((n) => String(n.properties.hs_note_body ?? '')), ...control.tasks(ACME.portalId).map((t) => String(t.properties.hs_task_subject ?? ''))];
    const seen = new Map<string, number>();
    for (const t of texts) for (const m of t.matchAll(/gs-\d{4}/g)) seen.set(m[0], (seen.get(m[0]) ?? 0) + 1);
    expect({ dupes: [...seen].filter(([, n]) => n > 1), missing: writes.filter((w) => !seen.has(w.tag)).map((w) => w.tag) }).toEqual({ dupes: [], missing: [] });

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const secrets = new Map<string, string>([
      ['client secret', SANDBOX_APP.clientSecret],
      ['password', PASSWORD],
      ['admin session', team.adminToken],
      ['rep session', team.repToken],
      ['encryption key', keys.slice(3)],
      ...[...sandbox.sandbox.state.accessTokens.keys(), ...sandbox.sandbox.state.refreshTokens.keys()].map((t, i) => [`token ${i}`, t] as [string, string]),
    ]);
    expect(leakedSecrets([...first.lines, ...second.lines], secrets)).toEqual([]);
    console.info(`[graceful-shutdown] ${answered.size} answered before SIGTERM, ${unanswered.length} resent to the new process; stopped in ${(stopMs / 1000).toFixed(1)} s (exit 0); ${N} delivered once`);
  }, 120_000);
});
