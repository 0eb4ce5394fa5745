import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * As strict as HubSpot where Portside once relied on leniency: the v3 per-object association
 * list is gone (404) and v4 lists associations paged; the users and owners lists live at their
 * trailing-slash paths and the bare paths redirect.
 */

const acme = SEED.portals.acme;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start({});
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
});
afterAll(() => s.close());

const note = async (i: number) => {
  const r = await api(s.url, token, '/crm/v3/objects/notes', {
    method: 'POST',
    body: { properties: { hs_note_body: `n${i}`, hs_timestamp: new Date().toISOString() }, associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] },
  });
  expect(r.status).toBe(201);
  return String(r.body.id);
};

describe('associations', () => {
  it('v3 per-object association list answers 404 like an unknown route', async () => {
    const r = await api(s.url, token, '/crm/v3/objects/contacts/101/associations/notes');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('v4 lists toObjectId with association types, paged with after and limit (max 500)', async () => {
    const ids = [await note(1), await note(2), await note(3)];
    const first = await api(s.url, token, '/crm/v4/objects/contacts/101/associations/notes?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(2);
    expect(first.body.results[0]).toEqual({ toObjectId: expect.any(Number), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }] });
    const after = first.body.paging.next.after;
    const rest = await api(s.url, token, `/crm/v4/objects/contacts/101/associations/notes?limit=2&after=${after}`);
    const seen = [...first.body.results, ...rest.body.results].map((r: { toObjectId: number }) => String(r.toObjectId));
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(rest.body.paging).toBeUndefined();
    const back = await api(s.url, token, `/crm/v4/objects/notes/${ids[0]}/associations/contacts`);
    expect(back.body.results).toEqual([{ toObjectId: 101, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202, label: null }] }]);
    expect((await api(s.url, token, '/crm/v4/objects/contacts/101/associations/notes?limit=501')).status).toBe(400);
    expect((await api(s.url, token, '/crm/v4/objects/contacts/999999/associations/notes')).status).toBe(404);
  });
});

describe('trailing-slash lists', () => {
  it('users and owners answer at the slash path; the bare path redirects there with its query', async () => {
    for (const path of ['/settings/v3/users', '/crm/v3/owners']) {
      expect((await api(s.url, token, `${path}/?limit=1`)).body.results).toHaveLength(1);
      const bare = await fetch(`${s.url}${path}?limit=1`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe(`${path}/?limit=1`);
    }
  });
});
