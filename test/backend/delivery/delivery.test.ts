import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, allowProperties, holdDelivery, memberOf, startStack, until, type Stack } from './stack';

/** Each write kind end to end against the sandbox, idempotency, and access re-checked at delivery. */

const rep = ACME.users.everything;
const caller = (u: { userId: number } = rep) => ({ workspaceId: WORKSPACE, memberId: memberOf(u), role: 'member' as const });

describeEngines('delivery of each write kind', (ctx) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    await allowProperties(stack, ['city', 'jobtitle', 'lifecyclestage', 'seats', 'renewal_date']);
    // Checks older than 300 ms are made again at delivery, so holding delivery for 600 ms shows
    // the re-check (the production window, 5 s, is covered in test/backend/writes/access-checks.test.ts).
    stack.newWorker({ accessReuseMs: 300 }).start();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.sandbox.control.clearFaults());

  const accept = (body: CreateWriteBody, contactId: string, key = randomUUID(), who = rep) => acceptWrite(stack.deps, caller(who), contactTarget({ portalId: PORTAL, contactId }), key, body, null);
  const settled = (id: string) =>
    until(async () => {
      const row = await stack.db.selectFrom('write_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (row.status === 'done' || row.status === 'failed') ? row : null;
    }, 10_000, `write ${id}`);

  it('updates contact properties, normalised, with before/after in the audit', async () => {
    const r = await accept({ kind: 'properties', properties: { city: 'Lisbon', seats: 12, renewal_date: '2031-02-03', lifecyclestage: 'customer' } }, '105');
    expect(r.ok && r.data.write.status).toBe('pending');
    const row = await settled(r.ok ? r.data.write.id : '');
    expect(row.status).toBe('done');
    const c = stack.sandbox.sandbox.control.contact(ACME.portalId, '105').contact.properties;
    expect(c).toMatchObject({ city: 'Lisbon', seats: '12', renewal_date: '2031-02-03', lifecyclestage: 'customer' });
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.contact.update').where('target_id', '=', '105').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ before: { city: 'Boston' }, after: { city: 'Lisbon' } });
    expect(audit.actor_hubspot_user_id).toBe(String(rep.userId));
  });

  it('creates a note with escaped text, owned by the rep, associated with the contact', async () => {
    const r = await accept({ kind: 'note', body: 'Call went well <script>alert(1)</script>\nNext: "pricing" & terms' }, '105');
    const row = await settled(r.ok ? r.data.write.id : '');
    expect(row.status).toBe('done');
    const notes = stack.sandbox.sandbox.control.notes(ACME.portalId, '105');
    const note = notes.find((n) => n.id === row.hubspot_object_id)!;
    expect(note.properties.hs_note_body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>Next: &quot;pricing&quot; &amp; terms');
    expect(note.properties.hs_note_body).not.toContain('<script>');
    expect(note.properties.hubspot_owner_id).toBe(String(rep.ownerId));
  });

  it('creates a task with subject, due date, priority, type and status', async () => {
    const r = await accept({ kind: 'task', subject: 'Send contract', body: 'Use v2', dueAt: '2031-01-02T15:00:00+01:00', priority: 'HIGH', type: 'CALL', status: 'WAITING' }, '105');
    const row = await settled(r.ok ? r.data.write.id : '');
    expect(row.status).toBe('done');
    const task = stack.sandbox.sandbox.control.tasks(ACME.portalId, '105').find((t) => t.id === row.hubspot_object_id)!;
    expect(task.properties).toMatchObject({ hs_task_subject: 'Send contract', hs_task_priority: 'HIGH', hs_task_type: 'CALL', hs_task_status: 'WAITING', hubspot_owner_id: String(rep.ownerId) });
    expect(Date.parse(task.properties.hs_timestamp!)).toBe(Date.parse('2031-01-02T14:00:00Z'));
  });

  it('logs a call with direction, outcome and time, associated with the contact (194), audited as crm.call.create', async () => {
    const connected = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';
    const r = await accept({ kind: 'call', body: 'Asked about <b>pricing</b>', direction: 'INBOUND', outcome: connected, at: '2031-01-02T15:00:00+01:00' }, '105');
    expect(r.ok && r.data.write).toMatchObject({ kind: 'call', status: 'pending', summary: 'Call (inbound): Asked about <b>pricing</b>' });
    const row = await settled(r.ok ? r.data.write.id : '');
    expect(row.status).toBe('done');
    const call = stack.sandbox.sandbox.control.calls(ACME.portalId, '105').find((c) => c.id === row.hubspot_object_id)!;
    expect(call.properties).toMatchObject({ hs_call_direction: 'INBOUND', hs_call_disposition: connected, hubspot_owner_id: String(rep.ownerId) });
    expect(call.properties.hs_call_body).toContain('Asked about &lt;b&gt;pricing&lt;/b&gt;');
    expect(call.properties.hs_call_body).toContain(row.marker!);
    expect(Date.parse(call.properties.hs_timestamp!)).toBe(Date.parse('2031-01-02T14:00:00Z'));
    expect(call.contactIds).toEqual(['105']);
    const audits = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.call.create').where('target_id', '=', '105').execute();
    const mine = audits.filter((a) => JSON.parse(a.details).writeId === row.id);
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.details)).toMatchObject({ hubspotObjectId: row.hubspot_object_id, direction: 'INBOUND', outcome: connected });
    const accepted = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.write.accept').execute();
    expect(accepted.filter((a) => JSON.parse(a.details).writeId === row.id && JSON.parse(a.details).kind === 'call')).toHaveLength(1);
  });

  it('a call outcome the portal removed after acceptance fails that call, named by HubSpot, and no other write', async () => {
    // Acceptance checks outcomes against a cached list (10 min), so an admin's removal in the
    // meantime reaches HubSpot, which refuses the call.
    const portal = stack.sandbox.sandbox.state.portal(ACME.portalId)!;
    const custom = portal.callOutcomes.find((o) => o.label === 'Booked a demo')!;
    expect((await stack.deps.callOutcomes(WORKSPACE)).ok).toBe(true);
    const bad = await accept({ kind: 'call', body: 'removed outcome', direction: 'OUTBOUND', outcome: custom.id }, '105');
    portal.callOutcomes = portal.callOutcomes.filter((o) => o !== custom);
    try {
      const good = await accept({ kind: 'call', body: 'fine outcome', direction: 'OUTBOUND' }, '105');
      const [b, g] = [await settled(bad.ok ? bad.data.write.id : ''), await settled(good.ok ? good.data.write.id : '')];
      expect(b.status).toBe('failed');
      expect(JSON.parse(b.last_error!)).toMatchObject({ code: 'validation_error' });
      expect(g.status).toBe('done');
      expect(stack.sandbox.sandbox.control.calls(ACME.portalId, '105').find((c) => c.id === g.hubspot_object_id)!.properties.hs_call_disposition).toBeUndefined();
    } finally {
      portal.callOutcomes.push(custom);
    }
  });

  it('refuses a call without notes or with an unknown direction at acceptance', async () => {
    const { CreateWriteBody } = await import('../../../lib/contract/api/writes');
    expect(CreateWriteBody.safeParse({ kind: 'call', body: '  ', direction: 'OUTBOUND' }).success).toBe(false);
    expect(CreateWriteBody.safeParse({ kind: 'call', body: 'x', direction: 'SIDEWAYS' }).success).toBe(false);
    expect(CreateWriteBody.safeParse({ kind: 'call', body: 'x', direction: 'OUTBOUND', outcome: 'Connected' }).success).toBe(false);
  });

  it('refuses properties off the allowlist or with bad values, naming each field', async () => {
    const r = await accept({ kind: 'properties', properties: { phone: '1', seats: 'many', lifecyclestage: 'boss' } }, '105');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad_request');
    const fields = (r.error.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['lifecyclestage', 'phone', 'seats']);
  });

  describe('idempotency', () => {
    it('same key and body: the same write, delivered once; different body: conflict', async () => {
      const key = randomUUID();
      const body: CreateWriteBody = { kind: 'note', body: `idempotent ${key}` };
      const first = await accept(body, '105', key);
      const again = await accept(body, '105', key);
      expect(first.ok && again.ok).toBe(true);
      if (!first.ok || !again.ok) return;
      expect(again.data.write.id).toBe(first.data.write.id);
      expect(again.data.replayed).toBe(true);
      await settled(first.data.write.id);
      const later = await accept(body, '105', key);
      expect(later.ok && later.data.write.status).toBe('done');
      const conflict = await accept({ kind: 'note', body: 'something else' }, '105', key);
      expect(!conflict.ok && conflict.error.code).toBe('conflict');
      const copies = stack.sandbox.sandbox.control.notes(ACME.portalId, '105').filter((n) => n.properties.hs_note_body?.includes(key));
      expect(copies).toHaveLength(1);
    });
  });

  describe('access', () => {
    it('refuses at acceptance when the rep cannot edit, and audits the denial', async () => {
      const owned = ACME.users.ownedOnly;
      const r = await accept({ kind: 'note', body: 'not mine' }, '105', randomUUID(), owned);
      expect(!r.ok && r.error.code).toBe('forbidden');
      const denied = await stack.db.selectFrom('audit_log').selectAll().where('actor_member_id', '=', memberOf(owned)).where('result', '=', 'denied').execute();
      expect(denied.length).toBeGreaterThan(0);
    });

    it('re-checks at delivery once the acceptance check is older than the reuse window: a contact reassigned meanwhile is not written', async () => {
      const owned = ACME.users.ownedOnly;
      const control = stack.sandbox.sandbox.control;
      // Hold delivery (an open breaker) while the contact changes hands after acceptance.
      await holdDelivery(stack, 600);
      const r = await accept({ kind: 'properties', properties: { city: 'Oslo' } }, '101', randomUUID(), owned);
      expect(r.ok).toBe(true);
      control.setOwner(ACME.portalId, '101', ACME.users.everything.ownerId);
      const row = await settled(r.ok ? r.data.write.id : '');
      expect(row.status).toBe('failed');
      expect(JSON.parse(row.last_error!)).toMatchObject({ code: 'access_denied', retryable: false });
      expect(control.contact(ACME.portalId, '101').contact.properties.city).toBe('Boston');
      const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.contact.update').where('result', '=', 'denied').where('target_id', '=', '101').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toMatchObject({ checkedAt: 'delivery' });
      control.setOwner(ACME.portalId, '101', owned.ownerId);
    });
  });
});
