import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideObjectAccess, type ObjectAccessUser } from '../../../backend/sandbox/object-permissions.js';
import { PERMISSIONS, SANDBOX_APP, SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, consent, exchange, start } from './helpers.js';

/**
 * Per-object access: permission sets per object (Evan owns-only deals, Oscar has no tickets),
 * pipeline permissions (Enterprise deals for team Sales only), the permitted-users answers
 * that follow them, the record pages, and the object scopes (MISSING_SCOPES, optional scopes).
 */

const acme = SEED.portals.acme;
const free = SEED.portals.free;
const U = acme.users;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start();
  token = s.sandbox.control.install(acme.portalId, U.superAdmin.userId).access_token;
});
afterAll(() => s.close());

const hcrn = (type: string, id: number) => `hcrn:${acme.portalId}:crm-object:${type}:${id}`;
async function permitted(type: string, id: number, t = token) {
  const r = await api(s.url, t, `/resource-permissions/v3/permitted-users?resource=${encodeURIComponent(hcrn(type, id))}`);
  return { status: r.status, body: r.body, view: r.body?.resources?.[hcrn(type, id)]?.['crm-object:VIEW']?.permittedUsers, edit: r.body?.resources?.[hcrn(type, id)]?.['crm-object:EDIT']?.permittedUsers };
}

describe('object permissions (pure)', () => {
  const rep: ObjectAccessUser = { userId: 1, ownerId: 11, superAdmin: false, active: true, teamIds: [302], permissions: PERMISSIONS.everything, objectPermissions: { deals: PERMISSIONS.ownedOnly, tickets: null } };
  const parents = new Map([[302, 301]]);
  it('uses each object its own set, null meaning no access whatever the ownership', () => {
    expect(decideObjectAccess(rep, 'contacts', { hubspot_owner_id: '99' }, parents).canView).toBe(true);
    expect(decideObjectAccess(rep, 'deals', { hubspot_owner_id: '99' }, parents)).toMatchObject({ canView: false, reason: 'not_permitted' });
    expect(decideObjectAccess(rep, 'deals', { hubspot_owner_id: '11' }, parents)).toMatchObject({ canView: true, canEdit: true, reason: 'owned' });
    expect(decideObjectAccess(rep, 'tickets', { hubspot_owner_id: '11' }, parents)).toMatchObject({ canView: false, reason: 'object_not_permitted' });
    expect(decideObjectAccess(rep, 'companies', { hubspot_owner_id: '99' }, parents).canView).toBe(true);
  });
  it('hides a restricted pipeline from users outside it; super admins see it; parent teams do not inherit', () => {
    const pipeline = { teamIds: [301], userIds: [] };
    expect(decideObjectAccess(rep, 'deals', { hubspot_owner_id: '11' }, parents, pipeline)).toMatchObject({ canView: false, reason: 'pipeline_not_permitted' });
    expect(decideObjectAccess(rep, 'deals', { hubspot_owner_id: '11' }, parents, { teamIds: [], userIds: [1] }).canView).toBe(true);
    expect(decideObjectAccess({ ...rep, superAdmin: true }, 'tickets', {}, parents, pipeline)).toMatchObject({ canView: true, reason: 'super_admin' });
    expect(decideObjectAccess({ ...rep, active: false }, 'companies', {}, parents).canView).toBe(false);
  });
});

describe('permitted-users for companies, deals and tickets', () => {
  it('follows the per-object sets and the pipeline permissions', async () => {
    expect(await permitted('0-3', 22003)).toMatchObject({ status: 200, view: [5001, 5003, 5004], edit: [5001, 5003, 5004] });
    expect(await permitted('0-3', 22002)).toMatchObject({ view: [5001, 5002, 5003, 5008], edit: [5001, 5002, 5003] });
    expect(await permitted('0-3', 22001)).toMatchObject({ view: [5001, 5003, 5004, 5005, 5006, 5008], edit: [5001, 5003, 5004, 5005, 5006] });
    expect(await permitted('0-5', 23002)).toMatchObject({ view: [5001, 5002, 5003, 5007, 5008], edit: [5001, 5002, 5003, 5007] });
    expect((await permitted('0-5', 23001)).view).not.toContain(U.ownedOnly.userId);
    expect(await permitted('0-2', 21002)).toMatchObject({ view: [5001, 5002, 5003, 5005, 5008], edit: [5001, 5002, 5003, 5005] });
    expect((await permitted('0-2', 99999)).body.errors[0].context.resources).toEqual([hcrn('0-2', 99999)]);
  });

  it('follows per-object sets changed through the control API', async () => {
    const path = `/_sandbox/portals/${acme.portalId}/users/${U.teamOnly.userId}`;
    const res = await fetch(`${s.url}${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ objectPermissions: { deals: null } }) });
    expect(res.status).toBe(200);
    expect((await permitted('0-3', 22003)).view).toEqual([5001, 5003]);
    s.sandbox.control.setUserPermissions(acme.portalId, U.teamOnly.userId, { objectPermissions: { deals: PERMISSIONS.teamOnly } });
    expect((await permitted('0-3', 22003)).view).toEqual([5001, 5003, 5004]);
  });

  it('answers 403 MISSING_SCOPES for an object whose scope was not granted', async () => {
    const contactsOnly = s.sandbox.control.install(acme.portalId, U.superAdmin.userId, [...SANDBOX_APP.requiredScopes]).access_token;
    expect((await permitted('0-1', 101, contactsOnly)).status).toBe(200);
    const deal = await permitted('0-3', 22001, contactsOnly);
    expect(deal.status).toBe(403);
    expect(deal.body).toMatchObject({ category: 'MISSING_SCOPES', errors: [{ context: { requiredScopes: ['crm.objects.deals.read', 'crm.objects.deals.write'] } }] });
    for (const path of ['/crm/v3/objects/deals/22001', '/crm/v3/objects/tickets/23001', '/crm/v3/pipelines/tickets', '/crm/v3/properties/companies', '/crm/v4/objects/contacts/101/associations/deals']) {
      const r = await api(s.url, contactsOnly, path);
      expect([path, r.status, r.body.category]).toEqual([path, 403, 'MISSING_SCOPES']);
    }
    const note = await api(s.url, contactsOnly, '/crm/v3/objects/notes', {
      method: 'POST',
      body: { properties: { hs_note_body: 'x', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: [{ to: { id: '22001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }] },
    });
    expect(note.status).toBe(403);
    expect((await api(s.url, contactsOnly, '/crm/v3/objects/contacts/101')).status).toBe(200);
  });
});

describe('optional scopes at install', () => {
  const BASE = SANDBOX_APP.requiredScopes.join(' ');
  const OPTIONAL = 'crm.objects.companies.read crm.objects.deals.read crm.objects.deals.write tickets';
  it('grants the optional scopes a portal has and drops the ones it lacks (free portal: no tickets)', async () => {
    const r = await consent(s.url, free.portalId, free.users.superAdmin.userId, { scope: BASE, optionalScope: OPTIONAL });
    expect(r.status).toBe(302);
    const tok = await (await exchange(s.url, r.params.code!)).json();
    expect(tok.scopes).toEqual([...SANDBOX_APP.requiredScopes, 'crm.objects.companies.read', 'crm.objects.deals.read', 'crm.objects.deals.write']);
    const intro = await (await fetch(`${s.url}/oauth/2026-03/token/introspect`, { method: 'POST', body: new URLSearchParams({ client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret, token: tok.access_token }) })).json();
    expect(intro.scopes).toEqual(tok.scopes);
    expect((await api(s.url, tok.access_token, '/crm/v3/objects/deals/22501')).status).toBe(200);
    expect((await api(s.url, tok.access_token, '/crm/v3/objects/tickets?limit=1')).status).toBe(403);
  });
  it('grants every optional scope on a portal that has them all', async () => {
    const r = await consent(s.url, acme.portalId, U.superAdmin.userId, { scope: BASE, optionalScope: OPTIONAL });
    const tok = await (await exchange(s.url, r.params.code!)).json();
    expect(tok.scopes).toEqual([...SANDBOX_APP.requiredScopes, ...OPTIONAL.split(' ')]);
  });
  it('still refuses a required scope put only in optional_scope', async () => {
    const r = await consent(s.url, acme.portalId, U.superAdmin.userId, { scope: 'oauth', optionalScope: 'crm.objects.contacts.read crm.objects.contacts.write' });
    expect(r.status).toBe(403);
    expect(r.text).toContain('provided scopes are insufficient');
  });
});

describe('record pages', () => {
  const page = async (path: string, as: number) => {
    const res = await fetch(`${s.url}${path}?as=${as}`);
    return { status: res.status, text: (await res.text()).replaceAll('&#39;', "'") };
  };
  it('renders a deal with its stage label, amount in its currency, and links to its company and contacts', async () => {
    const r = await page(`/contacts/${acme.portalId}/record/0-3/22003`, U.teamOnly.userId);
    expect(r.text).toContain('data-test-id="deal-record"');
    expect(r.text).toMatch(/Negotiation/);
    expect(r.text).toContain('$250,000.00');
    expect(r.text).toContain(`href="/contacts/${acme.portalId}/record/0-2/21003" data-spa-link`);
    expect(r.text).toContain(`href="/contacts/${acme.portalId}/record/0-1/103" data-spa-link`);
    const contact = await page(`/contacts/${acme.portalId}/record/0-1/105`, U.superAdmin.userId);
    expect(contact.text).toContain(`href="/contacts/${acme.portalId}/record/0-3/22002" data-spa-link`);
    const eur = await page(`/contacts/${acme.portalId}/deal/22002`, U.everything.userId);
    expect(eur.text).toContain('€48,000.00');
  });
  it("shows HubSpot's access-denied page for a restricted pipeline and for an object without access", async () => {
    expect((await page(`/contacts/${acme.portalId}/record/0-3/22003`, U.childTeam.userId)).text).toContain('data-reason="pipeline_not_permitted"');
    expect((await page(`/contacts/${acme.portalId}/ticket/23001`, U.ownedOnly.userId)).text).toContain('data-reason="object_not_permitted"');
    expect((await page(`/contacts/${acme.portalId}/record/0-3/22001`, U.everything.userId)).text).toContain('data-reason="not_permitted"');
    expect((await page(`/contacts/${acme.portalId}/record/0-2/21002`, U.childTeam.userId)).text).toContain('data-test-id="company-record"');
  });
  it('shows a note written through the API on the deal page, and lists only the deals a viewer may see', async () => {
    const note = await api(s.url, token, '/crm/v3/objects/notes', {
      method: 'POST',
      body: { properties: { hs_note_body: '<p>Pricing agreed</p>', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: [{ to: { id: '22002' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }] },
    });
    expect(note.status).toBe(201);
    const r = await page(`/contacts/${acme.portalId}/record/0-3/22002`, U.superAdmin.userId);
    expect(r.text).toContain(`data-note-id="${note.body.id}"`);
    expect(r.text).toContain('Pricing agreed');
    const list = await page(`/contacts/${acme.portalId}/objects/0-3/views/all/list`, U.everything.userId);
    expect([...list.text.matchAll(/data-test-id="deal-row" data-record-id="(\d+)"/g)].map((m) => m[1])).toEqual(['22002']);
    const none = await page(`/contacts/${acme.portalId}/record/0-5/23002`, U.superAdmin.userId);
    expect(none.text).toMatch(/Ticket owner<\/dt><dd>--/);
  });
});
