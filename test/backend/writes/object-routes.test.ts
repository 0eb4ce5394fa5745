import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
