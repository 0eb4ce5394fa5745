import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * The sandbox is at least as strict as HubSpot where HubSpot documents (or is seen to give) a
 * refusal: repeated ids in a batch, notes and tasks without their timestamp, and a portal living
 * in another data centre.
 */

const acme = SEED.portals.acme;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start();
});
afterAll(() => s.close());
beforeEach(() => {
  s.sandbox.control.reset();
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
});

describe('repeated ids in a batch', () => {
  it('refuses batch/update naming a contact twice, changing nothing', async () => {
    const before = s.sandbox.control.contact(acme.portalId, '101').contact.properties.city;
    const res = await api(s.url, token, '/crm/v3/objects/contacts/batch/update', {
      method: 'POST',
      body: { inputs: [{ id: '101', properties: { city: 'A' } }, { id: '102', properties: { city: 'B' } }, { id: '101', properties: { jobtitle: 'C' } }] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: 'Duplicate IDs found in batch input: [101]. IDs must be unique', context: { ids: ['101'] } });
    expect(s.sandbox.control.contact(acme.portalId, '101').contact.properties.city).toBe(before);
  });

  it('refuses batch/read naming an id twice, for contacts and for notes', async () => {
    const contacts = await api(s.url, token, '/crm/v3/objects/contacts/batch/read', { method: 'POST', body: { inputs: [{ id: '101' }, { id: 101 }], properties: ['email'] } });
    expect(contacts.status).toBe(400);
    expect(contacts.body.context).toEqual({ ids: ['101'] });
    const notes = await api(s.url, token, '/crm/v3/objects/notes/batch/read', { method: 'POST', body: { inputs: [{ id: '5' }, { id: '5' }], properties: [] } });
    expect(notes.status).toBe(400);
    expect((await api(s.url, token, '/crm/v3/objects/contacts/batch/read', { method: 'POST', body: { inputs: [{ id: '101' }, { id: '102' }], properties: ['email'] } })).status).toBe(200);
  });
});

describe('notes and tasks without hs_timestamp', () => {
  const assoc = (typeId: number) => [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }];

  it('refuses the whole batch, creating nothing, and names the property', async () => {
    const before = s.sandbox.control.contact(acme.portalId, '101');
    const notes = await api(s.url, token, '/crm/v3/objects/notes/batch/create', {
      method: 'POST',
      body: { inputs: [{ properties: { hs_note_body: 'dated', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: assoc(202) }, { properties: { hs_note_body: 'undated' }, associations: assoc(202) }] },
    });
    expect(notes.status).toBe(400);
    expect(notes.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(JSON.stringify(notes.body)).toContain('hs_timestamp');
    const task = await api(s.url, token, '/crm/v3/objects/tasks', { method: 'POST', body: { properties: { hs_task_subject: 'undated' }, associations: assoc(204) } });
    expect(task.status).toBe(400);
    const after = s.sandbox.control.contact(acme.portalId, '101');
    expect(after.notes).toHaveLength(before.notes.length);
    expect(after.tasks).toHaveLength(before.tasks.length);
    const dated = await api(s.url, token, '/crm/v3/objects/tasks', { method: 'POST', body: { properties: { hs_task_subject: 'dated', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: assoc(204) } });
    expect(dated.status).toBe(201);
  });
});

describe('a portal in another data centre', () => {
  it("answers 488 with correctHublet for that portal only, until it is back", async () => {
    const other = SEED.portals.free;
    const otherToken = s.sandbox.control.install(other.portalId, Object.values(other.users)[0]!.userId).access_token;
    s.sandbox.control.setHublet(acme.portalId, 'eu1');
    const res = await api(s.url, token, '/crm/v3/objects/contacts/101');
    expect(res.status).toBe(488);
    expect(res.headers.get('x-hubspot-correct-hublet')).toBe('eu1');
    expect(res.body).toEqual({
      status: 'error',
      message: `Hub ${acme.portalId} is unknown to this Hublet, but it appears to exist in Hublet eu1`,
      correlationId: expect.any(String),
      correctHublet: 'eu1',
    });
    expect((await api(s.url, otherToken, '/crm/v3/owners')).status).toBe(200);
    const http = await fetch(`${s.url}/_sandbox/portals/${acme.portalId}/hublet`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hublet: null }) });
    expect(http.status).toBe(200);
    expect((await api(s.url, token, '/crm/v3/objects/contacts/101')).status).toBe(200);
  });
});
