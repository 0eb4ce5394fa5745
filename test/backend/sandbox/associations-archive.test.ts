import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * The v4 association listing (results[].toObjectId, paged with `after`, limit ≤ 500) and the
 * archive of a note or task (DELETE → 204; the record leaves reads and association lists).
 */

const acme = SEED.portals.acme;
const contactId = acme.contacts.ownedByOwnedOnly.id;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start();
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
});
afterAll(() => s.close());

async function note(body: string): Promise<string> {
  const r = await api(s.url, token, '/crm/v3/objects/notes', {
    method: 'POST',
    body: { properties: { hs_note_body: body, hs_timestamp: '2026-12-01T09:00:00Z' }, associations: [{ to: { id: String(contactId) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

describe('v4 associations and archive', () => {
  it('lists a contact’s notes by toObjectId, paged, and archives one', async () => {
    const ids = [await note('a'), await note('b'), await note('c')];
    const base = `/crm/v4/objects/contacts/${contactId}/associations/notes`;
    const first = await api(s.url, token, `${base}?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(2);
    expect(first.body.results[0]).toMatchObject({ toObjectId: expect.any(Number), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201 }] });
    const after = first.body.paging.next.after as string;
    const second = await api(s.url, token, `${base}?limit=2&after=${after}`);
    const seen = [...first.body.results, ...second.body.results].map((r: { toObjectId: number }) => String(r.toObjectId));
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(second.body.paging).toBeUndefined();
    // The reverse direction.
    const back = await api(s.url, token, `/crm/v4/objects/notes/${ids[0]}/associations/contacts`);
    expect(back.body.results).toEqual([{ toObjectId: contactId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202, label: null }] }]);
    expect((await api(s.url, token, `${base}?limit=501`)).status).toBe(400);

    const del = await api(s.url, token, `/crm/v3/objects/notes/${ids[0]}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await api(s.url, token, `/crm/v3/objects/notes/${ids[0]}`)).status).toBe(404);
    expect((await api(s.url, token, `/crm/v3/objects/notes/${ids[0]}`, { method: 'DELETE' })).status).toBe(404);
    const after2 = await api(s.url, token, base);
    expect(after2.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).not.toContain(ids[0]);
    expect(s.sandbox.control.notes(acme.portalId, String(contactId)).find((n) => n.id === ids[0])?.archived).toBe(true);
  });

  it('needs a token with contacts scopes and answers 404 for an unknown record', async () => {
    expect((await api(s.url, 'nope', `/crm/v4/objects/contacts/${contactId}/associations/notes`)).status).toBe(401);
    expect((await api(s.url, token, '/crm/v4/objects/contacts/999999/associations/notes')).status).toBe(404);
  });
});
