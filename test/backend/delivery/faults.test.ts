import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from './stack';

/**
 * HubSpot misbehaving: 429 with Retry-After, 5xx, timeouts, a breaker that stops hammering,
 * "accepted then the connection dropped" (exactly one note), and an install that needs
 * reconnecting (writes wait, then go).
 */

const rep = ACME.users.everything;
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };

describeEngines('delivery under faults', (ctx) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle, { timeoutMs: 300 });
    await allowProperties(stack, ['city', 'jobtitle']);
    stack.newWorker().start();
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    stack.sandbox.sandbox.control.clearFaults();
    stack.sandbox.sandbox.control.resetCounters();
    await stack.db.updateTable('portal_delivery').set({ breaker_failures: 0, breaker_trips: 0, breaker_open_until: 0, blocked_until: 0 }).execute();
  });

  const control = () => stack.sandbox.sandbox.control;
  const accept = async (body: CreateWriteBody, contactId = '105') => {
    const r = await acceptWrite(stack.deps, caller, contactTarget({ portalId: PORTAL, contactId }), randomUUID(), body, null);
    if (!r.ok) throw new Error(r.error.message);
    return r.data.write.id;
  };
  const row = (id: string) => stack.db.selectFrom('write_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const settled = (id: string, ms = 10_000) => until(async () => ((await row(id)).status === 'done' || (await row(id)).status === 'failed' ? row(id) : null), ms, `write ${id}`);
  const statuses = (path: string) => control().requestLog().filter((e) => e.path === path).map((e) => e.status);

  it('429: pauses the portal for Retry-After, then delivers', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/contacts/batch/update', kind: 'status', status: 429, times: 1 });
    const t0 = Date.now();
    const id = await accept({ kind: 'properties', properties: { city: 'Rome' } });
    const done = await settled(id, 15_000);
    expect(done.status).toBe('done');
    expect(statuses('/crm/v3/objects/contacts/batch/update')).toEqual([429, 200]);
    // The sandbox's 429 carries no Retry-After: the translator's default rate window applies.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const pd = await stack.db.selectFrom('portal_delivery').selectAll().where('portal_id', '=', PORTAL).executeTakeFirstOrThrow();
    expect(pd.blocked_until).toBeGreaterThan(t0);
  }, 20_000);

  it('5xx: retries with backoff and delivers', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/notes/batch/create', kind: 'status', status: 502, times: 2 });
    const id = await accept({ kind: 'note', body: 'after two 502s' });
    const done = await settled(id);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(3);
    expect(statuses('/crm/v3/objects/notes/batch/create')).toEqual([502, 502, 201]);
    // A 5xx may have been processed: the retry looked for the note first.
    expect(control().notes(ACME.portalId, '105').filter((n) => n.properties.hs_note_body?.includes('after two 502s'))).toHaveLength(1);
  });

  it('timeout: the request is abandoned, retried, and delivered once', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/tasks/batch/create', kind: 'hang', ms: 1_000, times: 1 });
    const id = await accept({ kind: 'task', subject: 'after a timeout' });
    const done = await settled(id);
    expect(done.status).toBe('done');
    expect(control().tasks(ACME.portalId, '105').filter((t) => t.properties.hs_task_subject === 'after a timeout')).toHaveLength(1);
  });

  it('accepted then connection dropped: exactly one note', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/notes/batch/create', kind: 'accept-then-drop', times: 1 });
    const marker = `dropped ${randomUUID()}`;
    const id = await accept({ kind: 'note', body: marker });
    const done = await settled(id);
    expect(done.status).toBe('done');
    const notes = control().notes(ACME.portalId, '105').filter((n) => n.properties.hs_note_body?.includes(marker));
    expect(notes).toHaveLength(1);
    expect(done.hubspot_object_id).toBe(notes[0]!.id);
    // Created once; the retry found it by its marker instead of sending again.
    expect(control().counters().writes.notes).toBe(1);
    expect(statuses('/crm/v3/objects/notes/batch/create').filter((s) => s === 201)).toHaveLength(0);
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.note.create').where('result', '=', 'ok').execute();
    expect(audit.filter((a) => JSON.parse(a.details).writeId === id)).toHaveLength(1);
  });

  it('accepted then connection dropped: exactly one call, found by its marker through the call→contact associations', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/calls/batch/create', kind: 'accept-then-drop', times: 1 });
    const marker = `dropped call ${randomUUID()}`;
    const id = await accept({ kind: 'call', body: marker, direction: 'OUTBOUND' });
    const done = await settled(id);
    expect(done.status).toBe('done');
    const calls = control().calls(ACME.portalId, '105').filter((c) => c.properties.hs_call_body?.includes(marker));
    expect(calls).toHaveLength(1);
    expect(done.hubspot_object_id).toBe(calls[0]!.id);
    expect(control().counters().writes.calls).toBe(1);
    expect(statuses('/crm/v4/objects/contacts/105/associations/calls').length).toBeGreaterThan(0);
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.call.create').where('result', '=', 'ok').execute();
    const mine = audit.filter((a) => JSON.parse(a.details).writeId === id);
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.details)).toMatchObject({ reconciled: true });
  });

  it('breaker: a failing portal stops being called, then recovers', async () => {
    control().addFault({ method: 'POST', path: '/crm/v3/objects/contacts/batch/update', kind: 'status', status: 503 });
    const id = await accept({ kind: 'properties', properties: { jobtitle: 'Breaker test' } });
    await until(async () => {
      const pd = await stack.db.selectFrom('portal_delivery').selectAll().where('portal_id', '=', PORTAL).executeTakeFirst();
      return pd && pd.breaker_trips > 0;
    }, 10_000, 'breaker to open');
    const calls = statuses('/crm/v3/objects/contacts/batch/update').length;
    expect(calls).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses('/crm/v3/objects/contacts/batch/update').length).toBe(calls);
    expect((await row(id)).wait_reason).toBe('hubspot_unavailable');
    control().clearFaults();
    const done = await settled(id);
    expect(done.status).toBe('done');
  });

  it('needs reconnect: writes wait, then go after reconnect', async () => {
    stack.install.set(WORKSPACE, 'needs_reconnect');
    try {
      const rejected = await acceptWrite(stack.deps, caller, contactTarget({ portalId: PORTAL, contactId: '105' }), randomUUID(), { kind: 'note', body: 'x' }, null);
      expect(!rejected.ok && rejected.error.code).toBe('needs_reconnect');
    } finally {
      stack.install.set(WORKSPACE, 'connected');
    }
    // Accepted while connected, then the install breaks before delivery.
    const { holdDelivery } = await import('./stack');
    await holdDelivery(stack, 200);
    const id = await accept({ kind: 'note', body: 'waits for reconnect' });
    stack.install.set(WORKSPACE, 'needs_reconnect');
    await until(async () => (await row(id)).wait_reason === 'needs_reconnect', 5_000, 'needs_reconnect wait');
    expect((await row(id)).status).toBe('pending');
    stack.install.set(WORKSPACE, 'connected');
    const done = await settled(id, 15_000);
    expect(done.status).toBe('done');
  }, 20_000);
});
