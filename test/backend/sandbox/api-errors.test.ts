import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/** Error shapes: scopes, property validation, bad input, unknown ids, and the burst limit. */

const acme = SEED.portals.acme;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start({ rateLimit: { max: 5, intervalMs: 1000 } });
});
afterAll(() => s.close());

const fresh = () => {
  s.sandbox.control.reset();
  s.sandbox.control.setRateLimit({ max: 1000, intervalMs: 10_000 });
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
};

describe('scopes', () => {
  it('answers 403 MISSING_SCOPES with the required scopes', async () => {
    fresh();
    const readOnly = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, ['oauth', 'crm.objects.contacts.read']).access_token;
    expect((await api(s.url, readOnly, '/crm/v3/objects/contacts/101')).status).toBe(200);
    const res = await api(s.url, readOnly, '/crm/v3/objects/contacts/101', { method: 'PATCH', body: { properties: { city: 'X' } } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      status: 'error',
      category: 'MISSING_SCOPES',
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredScopes: ['crm.objects.contacts.write'] } }],
    });
    expect(res.body.message).toMatch(/^This app hasn't been granted all required scopes to make this call\./);
    expect(typeof res.body.correlationId).toBe('string');
    for (const path of ['/crm/v3/owners', '/settings/v3/users', '/settings/v3/users/teams']) {
      expect((await api(s.url, readOnly, path)).status).toBe(403);
    }
    const teamsless = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, ['oauth', 'settings.users.read']).access_token;
    expect((await api(s.url, teamsless, '/settings/v3/users/teams')).body.errors[0].context.requiredScopes).toContain('settings.users.teams.read');
  });
});

describe('property validation', () => {
  it('reports every invalid property in one VALIDATION_ERROR', async () => {
    fresh();
    const res = await api(s.url, token, '/crm/v3/objects/contacts/101', {
      method: 'PATCH',
      body: { properties: { nope: 'x', lifecyclestage: 'bogus', num_notes: '3', seats: 'many', renewal_date: '1700000000000', email: 'not-an-email', hubspot_owner_id: '1' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
    expect(res.body.message).toMatch(/^Property values were not valid: \[/);
    const list = JSON.parse(res.body.message.slice('Property values were not valid: '.length));
    expect(list.map((i: { name: string; error: string }) => [i.name, i.error])).toEqual([
      ['nope', 'PROPERTY_DOESNT_EXIST'],
      ['lifecyclestage', 'INVALID_OPTION'],
      ['num_notes', 'READ_ONLY_VALUE'],
      ['seats', 'INVALID_DECIMAL'],
      ['renewal_date', 'INVALID_DATE'],
      ['email', 'INVALID_EMAIL'],
      ['hubspot_owner_id', 'INVALID_OWNER_ID'],
    ]);
    expect(list[0]).toEqual({ isValid: false, message: 'Property "nope" does not exist', error: 'PROPERTY_DOESNT_EXIST', name: 'nope', localizedErrorMessage: 'Property "nope" does not exist', portalId: 1001 });
    expect(list[2].message).toBe('"num_notes" is a calculated property; its value cannot be set.');
    expect(res.body.errors[1]).toMatchObject({ code: 'INVALID_OPTION', context: { propertyName: ['lifecyclestage'] } });
    expect(s.sandbox.control.contact(acme.portalId, '101').contact.properties.lifecyclestage).toBe('lead');
  });

  it('fails a whole batch update when one input is invalid', async () => {
    fresh();
    const res = await api(s.url, token, '/crm/v3/objects/contacts/batch/update', {
      method: 'POST',
      body: { inputs: [{ id: '101', properties: { city: 'Ok' } }, { id: '102', properties: { hs_lead_status: 'WHATEVER' } }] },
    });
    expect(res.status).toBe(400);
    expect(s.sandbox.control.contact(acme.portalId, '101').contact.properties.city).toBe('Boston');
  });

  it('validates note and task properties', async () => {
    fresh();
    const res = await api(s.url, token, '/crm/v3/objects/tasks', { method: 'POST', body: { properties: { hs_task_status: 'DONE', hs_timestamp: 'tomorrow' } } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_OPTION', 'INVALID_LONG']);
  });
});

describe('bad input and unknown ids', () => {
  it('answers 404 for unknown and non-numeric ids', async () => {
    fresh();
    const missing = await api(s.url, token, '/crm/v3/objects/contacts/424242');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', message: 'resource not found' });
    const text = await api(s.url, token, '/crm/v3/objects/notes/abc');
    expect(text.body).toMatchObject({ category: 'OBJECT_NOT_FOUND', message: 'Object not found.  objectId are usually numeric.' });
    expect((await api(s.url, token, '/crm/v3/owners/1')).status).toBe(404);
    expect((await api(s.url, token, '/settings/v3/users/1')).status).toBe(404);
    expect((await api(s.url, token, '/crm/v3/properties/contacts/nope')).status).toBe(404);
    expect((await api(s.url, token, '/crm/v3/objects/contacts/424242', { method: 'PATCH', body: { properties: {} } })).status).toBe(404);
  });

  it('answers 400 VALIDATION_ERROR for malformed bodies and queries, never 500', async () => {
    fresh();
    const cases: [string, string, unknown][] = [
      ['PATCH', '/crm/v3/objects/contacts/101', '{not json'],
      ['PATCH', '/crm/v3/objects/contacts/101', { properties: 'x' }],
      ['PATCH', '/crm/v3/objects/contacts/101', { properties: { city: { nested: true } } }],
      ['POST', '/crm/v3/objects/contacts/batch/read', { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })) }],
      ['POST', '/crm/v3/objects/contacts/search', { limit: 500 }],
      ['POST', '/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'x', operator: 'LIKE', value: 'y' }] }] }],
      ['POST', '/crm/v3/objects/notes', { associations: [] }],
      ['POST', '/crm/v3/objects/notes/batch/create', { inputs: 'nope' }],
      ['GET', '/crm/v3/owners?limit=abc', undefined],
      ['GET', '/crm/v3/objects/contacts?limit=0', undefined],
    ];
    for (const [method, path, body] of cases) {
      const res = await api(s.url, token, path, { method, ...(body !== undefined ? { body } : {}) });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    }
  });

  it('answers unknown routes with a HubSpot-shaped 404', async () => {
    const res = await api(s.url, 'x', '/crm/v3/nothing/here');
    expect(res.status).toBe(404);
    expect(res.body.status).toBe('error');
  });
});

describe('rate limit', () => {
  it('sends the headers on every answer and 429 TEN_SECONDLY_ROLLING after the limit, counting each', async () => {
    s.sandbox.control.reset();
    token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 8; i++) {
      last = await api(s.url, token, '/crm/v3/objects/contacts/101');
      statuses.push(last.status);
      expect(last.headers.get('x-hubspot-ratelimit-max')).toBe('5');
      expect(last.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('1000');
      expect(last.headers.get('x-hubspot-ratelimit-secondly')).not.toBeNull();
      expect(last.headers.get('x-hubspot-ratelimit-secondly-remaining')).not.toBeNull();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(last?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(last?.body).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(s.sandbox.control.counters().rateLimited).toBe(3);
    // The other portal has its own budget.
    const other = s.sandbox.control.install(SEED.portals.free.portalId, SEED.portals.free.users.superAdmin.userId).access_token;
    expect((await api(s.url, other, '/crm/v3/objects/contacts/201')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await api(s.url, token, '/crm/v3/objects/contacts/101')).status).toBe(200);
  });
});
