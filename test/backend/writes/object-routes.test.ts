import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ObjectRecordView } from '../../../lib/contract/api/records';
import { WriteList, WriteResponse } from '../../../lib/contract/api/writes';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from '../hostile/stack';
import { seedTenants, type Tenant } from '../hostile/tenants';

/**
 * The object write routes over HTTP with the production wiring: `…/objects/:objectType/:recordId/writes`
 * and the legacy contact routes are the same writes on object 0-1; a record's history is per
 * object (contact N's writes are not deal N's); a call off contacts is a bad request; the
 * editable properties are read per object.
 */
describeEngines('object write routes', (e) => {
  let s: HostileStack;
  let a: Tenant;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
  });
  afterAll(() => s?.close());

  const auth = () => ({ authorization: `Bearer ${a.actors.member.token}` });
  const post = (path: string, payload: Record<string, unknown>) => s.app.inject({ method: 'POST', url: `/api/v1/portals/${a.portalId}${path}/writes`, headers: { ...auth(), 'idempotency-key': randomUUID() }, payload });
  const list = async (path: string) => {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/portals/${a.portalId}${path}/writes`, headers: auth() });
    expect(res.statusCode, res.body).toBe(200);
    return WriteList.parse(res.json()).writes;
  };

  it('accepts a write on object 0-1 by either route, and lists a record per object', async () => {
    const viaObject = await post(`/objects/0-1/${a.contactId}`, { kind: 'note', body: 'via the object route' });
    expect(viaObject.statusCode, viaObject.body).toBe(202);
    const w = WriteResponse.parse(viaObject.json()).write;
    expect(w).toMatchObject({ objectType: '0-1', recordId: a.contactId, contactId: a.contactId });
    const viaLegacy = await post(`/contacts/${a.contactId}`, { kind: 'note', body: 'via the contact route' });
    expect(viaLegacy.statusCode, viaLegacy.body).toBe(202);
    const ids = [w.id, WriteResponse.parse(viaLegacy.json()).write.id].sort();
    expect((await list(`/objects/0-1/${a.contactId}`)).map((x) => x.id).sort()).toEqual(ids);
    expect((await list(`/contacts/${a.contactId}`)).map((x) => x.id).sort()).toEqual(ids);
    // Deal and ticket with the same id are other records: no history there.
    expect(await list(`/objects/0-3/${a.contactId}`)).toEqual([]);
    expect(await list(`/objects/0-5/${a.contactId}`)).toEqual([]);
  });

  it("the member's own deal: the view says can edit with the deal's summary, and a note on it is accepted for the deal", async () => {
    // Member A is Oscar (owned-only), who owns deal 22001 and has no ticket access in HubSpot.
    const view = async (type: string, id: string) => {
      const res = await s.app.inject({ method: 'GET', url: `/api/v1/portals/${a.portalId}/objects/${type}/${id}/view`, headers: auth() });
      expect(res.statusCode, res.body).toBe(200);
      return ObjectRecordView.parse(res.json());
    };
    const deal = await view('0-3', '22001');
    expect(deal.access.canEdit.allowed).toBe(true);
    expect(deal.summary).toMatchObject({ object: 'deal', id: '22001', name: 'Oakwood renewal', pipeline: { id: 'default', label: 'Sales Pipeline' }, amount: { value: '12000', currency: 'USD' } });
    const res = await post('/objects/0-3/22001', { kind: 'note', body: 'Renewal call booked' });
    expect(res.statusCode, res.body).toBe(202);
    expect(WriteResponse.parse(res.json()).write).toMatchObject({ objectType: '0-3', recordId: '22001', kind: 'note' });
    expect((await list('/objects/0-3/22001')).map((w) => w.kind)).toEqual(['note']);
    expect(await list('/contacts/22001')).toEqual([]);
    const ticket = await view('0-5', '23001');
    expect(ticket.access.canView).toMatchObject({ allowed: false, code: 'not_permitted_by_hubspot' });
    expect(ticket.summary).toBeNull();
    const refused = await post('/objects/0-5/23001', { kind: 'note', body: 'x' });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses a call on a deal with 400, before any HubSpot call', async () => {
    const sent = s.sandbox.sandbox.control.requestLog().length;
    const res = await post('/objects/0-3/22002', { kind: 'call', body: 'Talked', direction: 'OUTBOUND' });
    expect(res.statusCode).toBe(400);
    expect(ApiErrorBody.parse(res.json()).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^Calls can be logged on contacts only/) });
    expect(s.sandbox.sandbox.control.requestLog().length).toBe(sent);
  });

  it('refuses an object type outside the four in the path', async () => {
    const res = await post('/objects/0-4/22002', { kind: 'note', body: 'x' });
    expect(res.statusCode).toBe(400);
  });

  it('reads the editable properties per object (contacts when the query names none)', async () => {
    const get = (q: string) => s.app.inject({ method: 'GET', url: `/api/v1/settings/editable-properties${q}`, headers: auth() });
    expect((await get('?objectType=0-3')).json()).toEqual({ properties: [], updatedAt: null });
    expect((await get('')).statusCode).toBe(200);
    expect((await get('?objectType=deals')).statusCode).toBe(400);
  });
});
