import { describe, expect, it } from 'vitest';
import { ok } from '../../../lib/contract/errors';
import { readRecordsBatch } from '../../../backend/hubspot/object-read';
import type { PortalSend } from '../../../backend/hubspot/portal-send';
import { RecordBatchSource, type FetchRecords } from '../../../backend/services/access/record-batch-source';
import { PermittedUsersSource } from '../../../backend/services/access/permitted-users-source';

/** The write path's gathered reads: batches across requests arriving over several turns. */

const spread = (n: number, everyMs: number, f: (i: number) => Promise<unknown>) =>
  Promise.all(Array.from({ length: n }, (_, i) => new Promise((r) => setTimeout(r, i * everyMs)).then(() => f(i))));

describe('RecordBatchSource', () => {
  it('gathers reads arriving over many turns into batch calls of at most 100 contacts, with the union of properties', async () => {
    const calls: { ids: readonly string[]; props: readonly string[] }[] = [];
    const fetch: FetchRecords = async (_ws, _type, ids, props) => {
      calls.push({ ids, props });
      return ok(new Map(ids.filter((id) => id !== '13').map((id) => [id, { id, properties: { city: `c${id}`, hubspot_owner_id: '7' }, updatedAt: null }])));
    };
    const src = new RecordBatchSource(fetch, { quietMs: 50, maxWaitMs: 1_000 });
    // 150 reads, one every 2 ms (a burst of HTTP requests reaching their checks one by one).
    const answers = await spread(150, 2, (i) => src.read('w1', '0-1', String(i), i % 2 ? ['hubspot_owner_id'] : ['hubspot_owner_id', 'city']));
    expect(calls.map((c) => c.ids.length)).toEqual([100, 50]);
    expect(calls[0]!.props).toEqual(['city', 'hubspot_owner_id']);
    expect(answers[0]).toEqual({ ok: true, data: { id: '0', properties: { hubspot_owner_id: '7', city: 'c0' }, updatedAt: null } });
    expect(answers[1]).toEqual({ ok: true, data: { id: '1', properties: { hubspot_owner_id: '7' }, updatedAt: null } });
    // Absent from the answer: "cannot tell", a failure, never "no such contact".
    expect(answers[13]).toMatchObject({ ok: false });
  });

  it('a lone read leaves after the quiet window', async () => {
    let calls = 0;
    const src = new RecordBatchSource(async (_ws, _type, ids) => (calls++, ok(new Map(ids.map((id) => [id, null])))), { quietMs: 10, maxWaitMs: 500 });
    const t0 = Date.now();
    expect(await src.read('w1', '0-1', '5', ['x'])).toEqual({ ok: true, data: null });
    expect(calls).toBe(1);
    expect(Date.now() - t0).toBeLessThan(400);
  });

  it('batches per object type: contact 5 and deal 5 go in separate calls, each answered with its own record', async () => {
    const calls: { type: string; ids: readonly string[] }[] = [];
    const src = new RecordBatchSource(
      async (_ws, type, ids) => (calls.push({ type, ids }), ok(new Map(ids.map((id) => [id, { id, properties: { name: `${type}/${id}` }, updatedAt: null }])))),
      { quietMs: 10, maxWaitMs: 500 },
    );
    const [contact, deal, deal6] = await Promise.all([src.read('w1', '0-1', '5', ['name']), src.read('w1', '0-3', '5', ['name']), src.read('w1', '0-3', '6', ['name'])]);
    expect(calls.map((c) => `${c.type}:${c.ids.join(',')}`).sort()).toEqual(['0-1:5', '0-3:5,6']);
    expect(contact.ok && contact.data?.properties.name).toBe('0-1/5');
    expect(deal.ok && deal.data?.properties.name).toBe('0-3/5');
    expect(deal6.ok && deal6.data?.properties.name).toBe('0-3/6');
  });
});

describe('PermittedUsersSource with a gather window', () => {
  it('batches fresh lookups arriving over many turns, 20 resources a call', async () => {
    const sizes: number[] = [];
    const src = new PermittedUsersSource(async (_p, _type, ids) => (sizes.push(ids.length), ok(new Map(ids.map((id) => [id, { view: ['1'], edit: ['1'] }])))), { gatherMs: 50, gatherMaxMs: 1_000 });
    await spread(45, 2, (i) => src.lookup({ workspaceId: 'w1', portalId: '1001' }, '0-1', String(i), { fresh: true }));
    expect(sizes).toEqual([20, 20, 5]);
  });
});

describe('readRecordsBatch', () => {
  it('maps HubSpot 207 not-found ids to null and ignores records it did not ask for', async () => {
    let sent: unknown = null;
    const send: PortalSend = async (req) => {
      sent = req;
      return ok({
        status: 207,
        headers: new Headers(),
        body: {
          status: 'COMPLETE',
          results: [{ id: '1', properties: { city: 'Oslo', extra: 'x' } }, { id: '99', properties: { city: 'Elsewhere' } }],
          errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects', context: { ids: ['2'] } }],
        },
      });
    };
    const r = await readRecordsBatch(send, 'contacts', ['1', '2', '3'], ['city']);
    expect(sent).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts/batch/read', json: { inputs: [{ id: '1' }, { id: '2' }, { id: '3' }], properties: ['city'] } });
    expect(r.ok && [...r.data.entries()]).toEqual([
      ['1', { id: '1', properties: { city: 'Oslo' }, updatedAt: null }],
      ['2', null],
    ]);
  });

  it("reads another object's records at its own path", async () => {
    let sent: unknown = null;
    const send: PortalSend = async (req) => ((sent = req), ok({ status: 200, headers: new Headers(), body: { status: 'COMPLETE', results: [{ id: 22002, properties: { dealname: 'Renewal' } }] } }));
    const r = await readRecordsBatch(send, 'deals', ['22002'], ['dealname']);
    expect(sent).toMatchObject({ method: 'POST', path: '/crm/v3/objects/deals/batch/read' });
    expect(r.ok && r.data.get('22002')).toEqual({ id: '22002', properties: { dealname: 'Renewal' }, updatedAt: null });
  });
});
