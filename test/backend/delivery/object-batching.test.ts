import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import type { HubSpotWrites } from '../../../backend/services/delivery/ports';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from './stack';

/**
 * A burst of writes on contacts, companies, deals and tickets goes out as one batch call per
 * (kind, object) — a batch update names its object in the path, an engagement batch holds one
 * object — and creates whose answer was lost are found again on their own record (contact 105
 * and deal 105 are different records), never sent twice.
 */

const admin = ACME.users.superAdmin; // may edit every record of every object
const caller = { workspaceId: WORKSPACE, memberId: memberOf(admin), role: 'member' as const };
type Sent = { call: string; objects: CrmObjectTypeId[] };

describeEngines('delivery batches per (kind, object)', (ctx) => {
  let stack: Stack;
  const sent: Sent[] = [];
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    await allowProperties(stack, ['city']);
    await allowProperties(stack, ['city'], '0-2');
    await allowProperties(stack, ['description'], '0-3');
    // Records what each batch call carried, then sends it for real.
    const h: HubSpotWrites = stack.hubspot;
    const update = h.updateRecords.bind(h);
    const create = h.createEngagements.bind(h);
    h.updateRecords = (ws, objectType, inputs, ctl) => (sent.push({ call: 'update', objects: inputs.map(() => objectType) }), update(ws, objectType, inputs, ctl));
    h.createEngagements = (ws, object, inputs, ctl) => (sent.push({ call: object.type, objects: inputs.map((i) => i.objectType) }), create(ws, object, inputs, ctl));
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    sent.length = 0;
    stack.sandbox.sandbox.control.clearFaults();
  });

  const accept = async (objectType: CrmObjectTypeId, recordId: string, body: CreateWriteBody) => {
    const r = await acceptWrite(stack.deps, caller, { portalId: PORTAL, objectType, recordId }, randomUUID(), body, null);
    if (!r.ok) throw new Error(`${objectType}/${recordId}: ${r.error.message}`);
    return r.data.write.id;
  };
  const allSettled = (ids: string[]) =>
    until(async () => {
      const rows = await stack.db.selectFrom('write_outbox').selectAll().where('id', 'in', ids).execute();
      return rows.every((r) => r.status === 'done' || r.status === 'failed') ? rows : null;
    }, 20_000, 'the burst');

  it('sends a mixed burst as one batch per (kind, object), each batch of one object only', async () => {
    const ids = await Promise.all([
      accept('0-1', '105', { kind: 'note', body: 'burst contact note' }),
      accept('0-1', '106', { kind: 'note', body: 'burst contact note 2' }),
      accept('0-3', '22001', { kind: 'note', body: 'burst deal note' }),
      accept('0-3', '22002', { kind: 'note', body: 'burst deal note 2' }),
      accept('0-5', '23001', { kind: 'note', body: 'burst ticket note' }),
      accept('0-2', '21001', { kind: 'note', body: 'burst company note' }),
      accept('0-3', '22003', { kind: 'task', subject: 'burst deal task' }),
      accept('0-5', '23003', { kind: 'task', subject: 'burst ticket task' }),
      accept('0-1', '105', { kind: 'properties', properties: { city: 'Braga' } }),
      accept('0-2', '21001', { kind: 'properties', properties: { city: 'Salem' } }),
      accept('0-2', '21003', { kind: 'properties', properties: { city: 'Waco' } }),
      accept('0-3', '22001', { kind: 'properties', properties: { description: 'Renewal at risk' } }),
    ]);
    const worker = stack.newWorker();
    worker.start();
    const rows = await allSettled(ids);
    await worker.stop(2_000);
    expect(rows.filter((r) => r.status !== 'done').map((r) => [r.object_type, r.contact_id, r.kind, r.last_error])).toEqual([]);
    for (const s of sent) expect(new Set(s.objects).size).toBe(1);
    const batches = sent.map((s) => `${s.call}:${s.objects[0]}:${s.objects.length}`).sort();
    expect(batches).toEqual(['notes:0-1:2', 'notes:0-2:1', 'notes:0-3:2', 'notes:0-5:1', 'tasks:0-3:1', 'tasks:0-5:1', 'update:0-1:1', 'update:0-2:2', 'update:0-3:1'].sort());
    const paths = stack.sandbox.sandbox.control.requestLog().filter((e) => e.path.endsWith('/batch/update')).map((e) => e.path);
    expect(new Set(paths)).toEqual(new Set(['/crm/v3/objects/contacts/batch/update', '/crm/v3/objects/companies/batch/update', '/crm/v3/objects/deals/batch/update']));
  });

  it('finds creates whose answer was lost on their own record and never creates them twice', async () => {
    // HubSpot creates every note batch, then the connection drops before the answer arrives.
    stack.sandbox.sandbox.control.addFault({ method: 'POST', path: '/crm/v3/objects/notes/batch/create', kind: 'accept-then-drop', times: 3 });
    const ids = await Promise.all([
      accept('0-1', '105', { kind: 'note', body: 'lost answer, contact 105' }),
      accept('0-3', '22001', { kind: 'note', body: 'lost answer, deal 22001' }),
      accept('0-5', '23001', { kind: 'note', body: 'lost answer, ticket 23001' }),
    ]);
    const worker = stack.newWorker();
    worker.start();
    const rows = await allSettled(ids);
    await worker.stop(2_000);
    expect(rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    // Reconciliation read each record's own association list.
    const lists = stack.sandbox.sandbox.control.requestLog().filter((e) => e.method === 'GET' && e.path.includes('/associations/notes')).map((e) => e.path);
    expect(new Set(lists)).toEqual(new Set(['/crm/v4/objects/contacts/105/associations/notes', '/crm/v4/objects/deals/22001/associations/notes', '/crm/v4/objects/tickets/23001/associations/notes']));
    const notes = stack.sandbox.sandbox.control.notes(ACME.portalId);
    for (const row of rows) {
      const mine = notes.filter((n) => (n.properties.hs_note_body ?? '').includes(row.marker!));
      expect(mine.map((n) => n.id)).toEqual([row.hubspot_object_id]);
    }
  });
});
