import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * The calls object as HubSpot's calls guide describes it: create and batch create with the
 * call→contact association (194), hs_timestamp required, direction and outcome checked against
 * the property definitions, reads, search, v4 association lists, archive, and the contact page.
 */

const acme = SEED.portals.acme;
const contactId = String(acme.contacts.ownedByOwnedOnly.id);
const CONNECTED = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start();
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
});
afterAll(() => s.close());

const toContact = (typeId = 194, id = contactId) => [{ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }];
const props = (extra: Record<string, string> = {}) => ({ hs_call_body: 'Talked pricing', hs_call_direction: 'OUTBOUND', hs_timestamp: '2026-12-01T09:00:00Z', ...extra });

describe('calls', () => {
  it('creates a call associated with the contact (194), readable with its properties', async () => {
    const r = await api(s.url, token, '/crm/v3/objects/calls', { method: 'POST', body: { properties: props({ hs_call_disposition: CONNECTED, hs_call_title: 'Renewal' }), associations: toContact() } });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    const read = await api(s.url, token, `/crm/v3/objects/calls/${id}?properties=hs_call_body,hs_call_direction,hs_call_disposition,hs_call_title`);
    expect(read.body.properties).toMatchObject({ hs_call_body: 'Talked pricing', hs_call_direction: 'OUTBOUND', hs_call_disposition: CONNECTED, hs_call_title: 'Renewal' });
    const listed = await api(s.url, token, `/crm/v4/objects/contacts/${contactId}/associations/calls`);
    expect(listed.body.results).toContainEqual({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 193, label: null }] });
    const back = await api(s.url, token, `/crm/v4/objects/calls/${id}/associations/contacts`);
    expect(back.body.results).toEqual([{ toObjectId: Number(contactId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 194, label: null }] }]);
    expect(s.sandbox.control.contact(acme.portalId, contactId).calls.map((c) => c.id)).toContain(id);
  });

  it('batch creates and batch reads calls', async () => {
    const r = await api(s.url, token, '/crm/v3/objects/calls/batch/create', { method: 'POST', body: { inputs: [{ properties: props({ hs_call_body: 'one' }), associations: toContact() }, { properties: props({ hs_call_body: 'two', hs_call_direction: 'INBOUND' }), associations: toContact() }] } });
    expect(r.status).toBe(201);
    expect(r.body.results).toHaveLength(2);
    const ids = r.body.results.map((x: { id: string }) => ({ id: x.id }));
    const read = await api(s.url, token, '/crm/v3/objects/calls/batch/read', { method: 'POST', body: { inputs: ids, properties: ['hs_call_body', 'hs_call_direction'] } });
    expect(read.body.results.map((x: { properties: { hs_call_body: string } }) => x.properties.hs_call_body).sort()).toEqual(['one', 'two']);
  });

  it('refuses a call without hs_timestamp, with a note or task association type, or a direction or outcome the portal does not have', async () => {
    const bad = async (properties: Record<string, string>, associations = toContact()) => {
      const r = await api(s.url, token, '/crm/v3/objects/calls/batch/create', { method: 'POST', body: { inputs: [{ properties, associations }] } });
      expect(r.status).toBe(400);
      expect(r.body.category).toBe('VALIDATION_ERROR');
      return JSON.stringify(r.body);
    };
    const before = s.sandbox.control.calls(acme.portalId).length;
    const { hs_timestamp: _omit, ...untimed } = props();
    expect(await bad(untimed)).toContain('hs_timestamp');
    expect(await bad(props(), toContact(202))).toContain('invalid from object type');
    expect(await bad(props({ hs_call_direction: 'SIDEWAYS' }))).toContain('hs_call_direction');
    expect(await bad(props({ hs_call_disposition: '00000000-0000-4000-8000-000000000000' }))).toContain('hs_call_disposition');
    expect(s.sandbox.control.calls(acme.portalId)).toHaveLength(before);
  });

  it('describes the call properties, searches calls by contact and archives one', async () => {
    const defs = await api(s.url, token, '/crm/v3/properties/calls');
    const names = defs.body.results.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['hs_call_body', 'hs_call_direction', 'hs_call_disposition', 'hs_call_title', 'hs_timestamp', 'hubspot_owner_id']));
    const created = await api(s.url, token, '/crm/v3/objects/calls', { method: 'POST', body: { properties: props({ hs_call_body: 'to archive' }), associations: toContact() } });
    const id = created.body.id as string;
    const found = await api(s.url, token, '/crm/v3/objects/calls/search', { method: 'POST', body: { filterGroups: [{ filters: [{ propertyName: 'associations.contact', operator: 'EQ', value: contactId }] }], properties: ['hs_call_body'] } });
    expect(found.body.results.map((x: { id: string }) => x.id)).toContain(id);
    expect((await api(s.url, token, `/crm/v3/objects/calls/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(s.url, token, `/crm/v3/objects/calls/${id}`)).status).toBe(404);
    const listed = await api(s.url, token, `/crm/v4/objects/contacts/${contactId}/associations/calls`);
    expect(listed.body.results.map((x: { toObjectId: number }) => String(x.toObjectId))).not.toContain(id);
  });

  it('shows calls on the contact page, with direction and outcome', async () => {
    await api(s.url, token, '/crm/v3/objects/calls', { method: 'POST', body: { properties: props({ hs_call_body: 'Page <b>check</b>', hs_call_direction: 'INBOUND', hs_call_disposition: CONNECTED }), associations: toContact() } });
    const res = await fetch(`${s.url}/contacts/${acme.portalId}/record/0-1/${contactId}?as=${acme.users.superAdmin.userId}`);
    const html = await res.text();
    expect(html).toMatch(/data-test-id="call"[^>]*>.*Inbound.*Connected.*Page check/s);
    expect(html).not.toContain('<b>check</b>');
  });
});
