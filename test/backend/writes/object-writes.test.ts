import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { requestHash } from '../../../backend/services/writes/request-hash';
import { contactTarget, targetRequestHash, type WriteTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from '../delivery/stack';

/**
 * Notes, tasks and property edits on companies, deals and tickets, end to end against the
 * sandbox (which refuses an association type that does not fit the pair, as HubSpot does); calls
 * refused off contacts; the object's write scope required; idempotency keys told apart per object.
 */

const rep = ACME.users.everything; // owns company 21002, deal 22002 and ticket 23003
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };
const on = (objectType: CrmObjectTypeId, recordId: string): WriteTarget => ({ portalId: PORTAL, objectType, recordId });

describe('request hash per object', () => {
  it("keeps a contact's fingerprint as before objects, and names the object otherwise", () => {
    const body: CreateWriteBody = { kind: 'note', body: 'x' };
    expect(targetRequestHash(contactTarget({ portalId: '1', contactId: '5' }), body)).toBe(requestHash({ portalId: '1', contactId: '5', body }));
    expect(targetRequestHash(on('0-3', '5'), body)).not.toBe(targetRequestHash(on('0-1', '5'), body));
    expect(targetRequestHash(on('0-3', '5'), body)).not.toBe(targetRequestHash(on('0-5', '5'), body));
  });
});

describeEngines('writes on companies, deals and tickets', (ctx) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    await allowProperties(stack, ['city', 'description'], '0-2');
    stack.newWorker().start();
  });
  afterAll(() => stack.close());

  const accept = (target: WriteTarget, body: CreateWriteBody, key = randomUUID()) => acceptWrite(stack.deps, caller, target, key, body, null);
  const settled = (id: string) =>
    until(async () => {
      const row = await stack.db.selectFrom('write_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (row.status === 'done' || row.status === 'failed') ? row : null;
    }, 10_000, `write ${id}`);
  const hubspot = async (path: string) => {
    const res = await fetch(`${stack.sandbox.url}${path}`, { headers: { authorization: `Bearer ${stack.token()}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { results: { toObjectId: number; associationTypes: { typeId: number }[] }[] };
  };

  it('a note on deal 22002 is associated with the deal (note→deal 214) and audited with the object', async () => {
    const r = await accept(on('0-3', '22002'), { kind: 'note', body: 'Discussed the expansion' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.write).toMatchObject({ objectType: '0-3', recordId: '22002', contactId: '22002', status: 'pending' });
    const row = await settled(r.data.write.id);
    expect(row.status).toBe('done');
    const ofDeal = await hubspot('/crm/v4/objects/deals/22002/associations/notes');
    expect(ofDeal.results.map((x) => String(x.toObjectId))).toContain(row.hubspot_object_id);
    const ofNote = await hubspot(`/crm/v4/objects/notes/${row.hubspot_object_id}/associations/deals`);
    expect(ofNote.results).toEqual([{ toObjectId: 22002, associationTypes: [expect.objectContaining({ typeId: 214 })] }]);
    // Not on contact 22002's history, nor on any contact.
    expect(stack.sandbox.sandbox.control.notes(ACME.portalId).find((n) => n.id === row.hubspot_object_id)?.contactIds ?? []).toEqual([]);
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.note.create').where('target_id', '=', '22002').execute();
    const done = audit.find((a) => JSON.parse(a.details).hubspotObjectId === row.hubspot_object_id)!;
    expect(done).toMatchObject({ target_type: 'deal', result: 'ok' });
    expect(JSON.parse(done.details)).toMatchObject({ objectType: '0-3' });
  });

  it('a task on ticket 23003 is associated with the ticket (task→ticket 230)', async () => {
    const r = await accept(on('0-5', '23003'), { kind: 'task', subject: 'Reply about exports' });
    if (!r.ok) throw new Error(r.error.message);
    const row = await settled(r.data.write.id);
    expect(row.status).toBe('done');
    const ofTask = await hubspot(`/crm/v4/objects/tasks/${row.hubspot_object_id}/associations/tickets`);
    expect(ofTask.results).toEqual([{ toObjectId: 23003, associationTypes: [expect.objectContaining({ typeId: 230 })] }]);
  });

  it("a company's property edit goes to the companies batch update, audited as crm.company.update with before/after", async () => {
    const sent = stack.sandbox.sandbox.control.requestLog().length;
    const r = await accept(on('0-2', '21002'), { kind: 'properties', properties: { city: 'Boulder' } });
    if (!r.ok) throw new Error(r.error.message);
    const row = await settled(r.data.write.id);
    expect(row.status).toBe('done');
    const calls = stack.sandbox.sandbox.control.requestLog().slice(sent).filter((e) => e.method === 'POST' && e.path.endsWith('/batch/update'));
    expect(calls.map((e) => [e.path, e.status])).toEqual([['/crm/v3/objects/companies/batch/update', 200]]);
    const res = await fetch(`${stack.sandbox.url}/crm/v3/objects/companies/21002?properties=city`, { headers: { authorization: `Bearer ${stack.token()}` } });
    expect(((await res.json()) as { properties: { city: string } }).properties.city).toBe('Boulder');
    const audit = await stack.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.company.update').where('target_id', '=', '21002').where('result', '=', 'ok').executeTakeFirstOrThrow();
    expect(audit.target_type).toBe('company');
    expect(JSON.parse(audit.details)).toMatchObject({ objectType: '0-2', before: { city: 'Denver' }, after: { city: 'Boulder' } });
  });

  it("uses the object's own allowlist: a contact's editable property is not a deal's", async () => {
    await allowProperties(stack, ['city']);
    const r = await accept(on('0-3', '22002'), { kind: 'properties', properties: { city: 'Porto' } });
    expect(r.ok ? null : r.error.code).toBe('bad_request');
  });

  it('refuses a call on a deal as a bad request, storing nothing', async () => {
    const before = await stack.db.selectFrom('write_outbox').select('id').execute();
    const r = await accept(on('0-3', '22002'), { kind: 'call', body: 'Talked', direction: 'OUTBOUND' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^Calls can be logged on contacts only/) });
    expect(await stack.db.selectFrom('write_outbox').select('id').execute()).toHaveLength(before.length);
  });

  it("refuses writes on an object whose write scope the install lacks: object_not_available, naming the scope", async () => {
    const readOnly = { ...stack.deps, installedPortal: async () => ({ portalId: PORTAL, status: 'connected' as const, scopes: ['crm.objects.contacts.write', 'crm.objects.deals.read'] }) };
    const r = await acceptWrite(readOnly, caller, on('0-3', '22002'), randomUUID(), { kind: 'note', body: 'x' }, null);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'object_not_available', details: { objectType: '0-3', missingScopes: ['crm.objects.deals.write'], reconnect: true } });
    const contact = await acceptWrite(readOnly, caller, on('0-1', '105'), randomUUID(), { kind: 'note', body: 'x' }, null);
    expect(contact.ok).toBe(true);
  });

  it('refuses an idempotency key reused for deal 105 after contact 105 as a different request, never replaying the contact write', async () => {
    const key = randomUUID();
    const body: CreateWriteBody = { kind: 'note', body: 'Same words' };
    const first = await accept(on('0-1', '105'), body, key);
    if (!first.ok) throw new Error(first.error.message);
    const second = await accept(on('0-3', '105'), body, key);
    expect(second.ok ? second.data : second.error.code).toBe('conflict');
    const again = await accept(on('0-1', '105'), body, key);
    expect(again.ok && again.data).toMatchObject({ replayed: true, write: { id: first.data.write.id, objectType: '0-1' } });
    expect(await stack.db.selectFrom('write_outbox').select('id').where('idempotency_key', '=', key).execute()).toHaveLength(1);
  });
});
