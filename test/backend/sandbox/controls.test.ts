import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/** The `/_sandbox/*` controls and their in-process twin: faults, latency, state changes, logs. */

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

const control = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${s.url}/_sandbox${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });

const note = { properties: { hs_note_body: 'n', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] };

describe('faults', () => {
  it('injects a 5xx for a matching route a limited number of times', async () => {
    expect((await control('/faults', 'POST', { method: 'GET', path: '/crm/v3/objects/contacts/*', kind: 'status', status: 503, times: 1 })).status).toBe(201);
    const first = await api(s.url, token, '/crm/v3/objects/contacts/101');
    expect(first.status).toBe(503);
    expect(first.body.status).toBe('error');
    expect((await api(s.url, token, '/crm/v3/objects/contacts/101')).status).toBe(200);
    expect((await api(s.url, token, '/crm/v3/owners')).status).toBe(200);
  });

  it('drops the connection', async () => {
    s.sandbox.control.addFault({ path: '/crm/v3/owners', kind: 'drop', times: 1 });
    await expect(api(s.url, token, '/crm/v3/owners')).rejects.toThrow();
    expect((await api(s.url, token, '/crm/v3/owners')).status).toBe(200);
  });

  it('hangs, then drops after the given time', async () => {
    s.sandbox.control.addFault({ path: '/crm/v3/owners', kind: 'hang', ms: 150, times: 1 });
    const t0 = Date.now();
    await expect(api(s.url, token, '/crm/v3/owners')).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('hangs until the client gives up', async () => {
    s.sandbox.control.addFault({ path: '/crm/v3/owners', kind: 'hang', times: 1 });
    await expect(fetch(`${s.url}/crm/v3/owners`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it('accepts a write and then drops the connection', async () => {
    s.sandbox.control.addFault({ method: 'POST', path: '/crm/v3/objects/notes', kind: 'accept-then-drop', times: 1 });
    await expect(api(s.url, token, '/crm/v3/objects/notes', { method: 'POST', body: note })).rejects.toThrow();
    expect(s.sandbox.control.notes(acme.portalId, '101')).toHaveLength(1);
    expect(s.sandbox.control.counters().writes.notes).toBe(1);
  });

  it('adds latency per route and globally, and clears rules', async () => {
    s.sandbox.control.addLatency({ path: '/crm/v3/owners', ms: 120 });
    let t0 = Date.now();
    await api(s.url, token, '/crm/v3/owners');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    expect((await control('/latency', 'PUT', { ms: 80 })).status).toBe(200);
    t0 = Date.now();
    await api(s.url, token, '/account-info/v3/details');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
    expect((await (await control('/faults')).json()).globalLatencyMs).toBe(80);
    expect((await control('/faults', 'DELETE')).status).toBe(204);
    expect((await (await control('/faults')).json())).toEqual({ globalLatencyMs: 0, faults: [], latencies: [] });
  });

  it('rejects malformed control input', async () => {
    expect((await control('/faults', 'POST', { path: 'no-slash', kind: 'status' })).status).toBe(400);
    expect((await control('/faults', 'POST', { path: '/x', kind: 'explode' })).status).toBe(400);
  });
});

describe('state controls', () => {
  it('expires and revokes tokens over HTTP', async () => {
    expect((await control('/tokens/expire', 'POST', { token })).status).toBe(200);
    expect((await api(s.url, token, '/crm/v3/owners')).body.category).toBe('EXPIRED_AUTHENTICATION');
    const t2 = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
    expect((await control('/tokens/revoke', 'POST', { token: t2.refresh_token })).status).toBe(200);
    expect((await api(s.url, t2.access_token, '/crm/v3/owners')).body.category).toBe('INVALID_AUTHENTICATION');
    expect((await control('/tokens/revoke', 'POST', { token: 'unknown' })).status).toBe(404);
  });

  it('installs, uninstalls, changes owners, permissions and users', async () => {
    const installed = await (await control('/install', 'POST', { portalId: acme.portalId, userId: acme.users.marketplace.userId })).json();
    expect(installed.hub_id).toBe(acme.portalId);
    expect(await (await control('/uninstall', 'POST', { portalId: acme.portalId })).json()).toEqual({ uninstalled: true });
    token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;

    const owner = await control(`/portals/${acme.portalId}/contacts/106/owner`, 'PUT', { ownerId: acme.users.teamOnly.ownerId });
    expect((await owner.json()).properties).toMatchObject({ hubspot_owner_id: '7004', hubspot_team_id: '301' });
    expect((await control(`/portals/${acme.portalId}/contacts/106/owner`, 'PUT', { ownerId: 1 })).status).toBe(404);
    expect((await control(`/portals/9/contacts/106/owner`, 'PUT', { ownerId: null })).status).toBe(404);

    const shared = await control(`/portals/${acme.portalId}/contacts/106`, 'PATCH', { properties: { hs_shared_user_ids: '5008' } });
    expect((await shared.json()).properties.hs_shared_user_ids).toBe('5008');

    const perm = await control(`/portals/${acme.portalId}/users/${acme.users.viewOnly.userId}`, 'PATCH', { edit: 'everything', secondaryTeamIds: [302] });
    expect((await perm.json()).permissions.edit).toBe('everything');
    expect((await control(`/portals/${acme.portalId}/users/${acme.users.viewOnly.userId}`, 'PATCH', { view: 'sometimes' })).status).toBe(400);
    expect(s.sandbox.control.contact(acme.portalId, '110').contact.properties.hs_all_team_ids).toBe('303;302');

    expect((await control(`/portals/${acme.portalId}/users/${acme.users.ownedOnly.userId}/deactivate`, 'POST')).status).toBe(200);
    expect((await api(s.url, token, `/settings/v3/users/${acme.users.ownedOnly.userId}`)).status).toBe(404);
    // The owner stays listed, flagged inactive the way HubSpot's spec does: no userId, userIdIncludingInactive kept.
    const [inactive] = (await api(s.url, token, `/crm/v3/owners?email=${acme.users.ownedOnly.email}`)).body.results;
    expect(inactive).toMatchObject({ id: String(acme.users.ownedOnly.ownerId), userId: null, userIdIncludingInactive: acme.users.ownedOnly.userId, archived: false });
    expect((await api(s.url, token, `/crm/v3/owners/${acme.users.ownedOnly.userId}?idProperty=userId`)).status).toBe(404);
    expect((await control(`/portals/${acme.portalId}/users/${acme.users.ownedOnly.userId}/activate`, 'POST')).status).toBe(200);
  });

  it('reads contacts with their notes and tasks directly', async () => {
    await api(s.url, token, '/crm/v3/objects/notes', { method: 'POST', body: note });
    const view = await (await control(`/portals/${acme.portalId}/contacts/101`)).json();
    expect(view.contact.id).toBe('101');
    expect(view.notes).toHaveLength(1);
    expect(await (await control(`/portals/${acme.portalId}/tasks?contactId=101`)).json()).toEqual([]);
    expect((await control(`/portals/${acme.portalId}/contacts/999`)).status).toBe(404);
  });

  it('keeps a request log and counters, and resets them', async () => {
    await api(s.url, token, '/crm/v3/objects/contacts/101');
    await api(s.url, token, '/crm/v3/objects/contacts/101', { method: 'PATCH', body: { properties: { city: 'Oslo' } } });
    const log = await (await control('/requests')).json();
    expect(log.map((e: { method: string; path: string; status: number; portalId: number }) => [e.method, e.path, e.status, e.portalId])).toEqual([
      ['GET', '/crm/v3/objects/contacts/101', 200, 1001],
      ['PATCH', '/crm/v3/objects/contacts/101', 200, 1001],
    ]);
    expect(typeof log[0].time).toBe('string');
    const counters = await (await control('/counters')).json();
    expect(counters).toMatchObject({ requests: 2, rateLimited: 0, tokenExchanges: 1, writes: { contactUpdates: 1, notes: 0, tasks: 0 } });
    await control('/counters/reset', 'POST');
    expect((await (await control('/counters')).json()).requests).toBe(0);
    expect(await (await control('/requests')).json()).toEqual([]);
  });

  it('resets to the seed', async () => {
    s.sandbox.control.setOwner(acme.portalId, '101', null);
    expect((await control('/reset', 'POST', {})).status).toBe(200);
    expect(s.sandbox.control.contact(acme.portalId, '101').contact.properties.hubspot_owner_id).toBe('7006');
    expect(s.sandbox.state.accessTokens.size).toBe(0);
  });
});
