import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from './stack';

/**
 * kill -9 mid-delivery: two worker processes share the outbox; both are killed while creates are
 * on the wire (HubSpot goes on to create them, nobody records it); a restarted worker must
 * deliver every accepted write exactly once — reconciling the in-flight creates by marker — and
 * keep each contact's property edits in order. On SQLite the processes share one file; on
 * PostgreSQL one database (the multi-instance case).
 */

const rep = ACME.users.everything;
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };
const CONTACTS = ['105', '106', '107', '108', '109', '110', ...Array.from({ length: 14 }, (_, i) => String(111 + i))];

function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/backend/delivery/child-worker.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += String(d);
      process.stderr.write(d);
    });
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${err.slice(0, 500)}`)));
  });
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

describeEngines('crash safety', (ctx) => {
  let stack: Stack;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    await allowProperties(stack, ['city']);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await stack.close();
  });

  it('every accepted write is delivered exactly once after kill -9 and restart', async () => {
    const control = stack.sandbox.sandbox.control;
    // Creates take a while inside "HubSpot", so a kill lands while they are on the wire.
    control.addLatency({ method: 'POST', path: '/crm/v3/objects/*/batch/create', ms: 1_000 });
    const env = { ...ctx.db.env, SANDBOX_URL: stack.sandbox.url, SANDBOX_TOKEN: stack.token(), LEASE_MS: '1500', LOG_LEVEL: 'error' } as Record<string, string>;
    const [a, b] = await Promise.all([spawnWorker(env), spawnWorker(env)]);
    children.push(a, b);
    const ids: { id: string; kind: string; contact: string; city?: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const contact = CONTACTS[i % CONTACTS.length]!;
      const body: CreateWriteBody =
        i % 3 === 0 ? { kind: 'note', body: `crash note ${i}` } : i % 3 === 1 ? { kind: 'task', subject: `crash task ${i}` } : { kind: 'properties', properties: { city: `City ${i}` } };
      const r = await acceptWrite(stack.deps, caller, contactTarget({ portalId: PORTAL, contactId: contact }), randomUUID(), body, null);
      if (!r.ok) throw new Error(r.error.message);
      ids.push({ id: r.data.write.id, kind: body.kind, contact, ...(body.kind === 'properties' ? { city: body.properties.city as string } : {}) });
    }
    // Wait until creates are in flight (marked maybe-sent, not yet recorded), then kill both.
    await until(async () => (await stack.db.selectFrom('write_outbox').select('id').where('status', '=', 'delivering').where('maybe_sent', '=', 1).execute()).length > 0, 20_000, 'creates in flight');
    // …and give the request time to reach "HubSpot", which takes a second to answer (longer
    // than a third of the lease: the heartbeat keeps live claims from being taken over).
    await new Promise((r) => setTimeout(r, 300));
    a.kill('SIGKILL');
    b.kill('SIGKILL');
    await Promise.all([exited(a), exited(b)]);
    // Left behind: claims of dead processes, creates among them possibly sent (reconciled first).
    const inFlight = await stack.db.selectFrom('write_outbox').select(['id', 'maybe_sent']).where('status', '=', 'delivering').execute();
    expect(inFlight.filter((r) => r.maybe_sent === 1).length).toBeGreaterThan(0);

    const c = await spawnWorker(env);
    children.push(c);
    await until(async () => (await stack.db.selectFrom('write_outbox').select('id').where('status', '!=', 'done').execute()).length === 0, 40_000, 'all writes done');

    const rows = await stack.db.selectFrom('write_outbox').selectAll().execute();
    for (const w of ids.filter((x) => x.kind !== 'properties')) {
      const row = rows.find((r) => r.id === w.id)!;
      const records = w.kind === 'note' ? control.notes(ACME.portalId, w.contact) : control.tasks(ACME.portalId, w.contact);
      const copies = records.filter((r) => (r.properties.hs_note_body ?? r.properties.hs_task_body ?? '').includes(row.marker!));
      expect(copies.map((x) => x.id), `write ${w.id}`).toEqual([row.hubspot_object_id]);
    }
    expect(control.counters().writes.notes + control.counters().writes.tasks).toBe(40);
    // Per-record order: each contact ends with the value of its last accepted edit.
    for (const contact of CONTACTS) {
      const last = ids.filter((x) => x.kind === 'properties' && x.contact === contact).at(-1);
      if (last) expect(control.contact(ACME.portalId, contact).contact.properties.city).toBe(last.city);
    }
    c.kill('SIGTERM');
    expect(await exited(c)).toBe(0);
  }, 90_000);
});
