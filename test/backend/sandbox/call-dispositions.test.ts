import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_OUTCOMES } from '../../../backend/sandbox/call-outcomes.js';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * `GET /calling/v1/dispositions`: each portal's call outcomes (HubSpot's six defaults, plus acme's
 * custom one), scope-checked; and a call's `hs_call_disposition` must be one of that portal's.
 */

const acme = SEED.portals.acme;
const free = SEED.portals.free;
const CUSTOM = { id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' };
let s: StartedSandbox;

beforeAll(async () => {
  s = await start();
});
afterAll(() => s.close());

const contactCall = (contactId: number, disposition: string) => ({
  properties: { hs_call_body: 'x', hs_call_direction: 'OUTBOUND', hs_timestamp: '2026-12-01T09:00:00Z', hs_call_disposition: disposition },
  associations: [{ to: { id: String(contactId) }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
});

describe('call dispositions', () => {
  it("lists the portal's outcomes: the defaults everywhere, custom ones only where an admin added them", async () => {
    const acmeToken = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
    const a = await api(s.url, acmeToken, '/calling/v1/dispositions');
    expect(a.status).toBe(200);
    expect(a.body).toEqual([...DEFAULT_CALL_OUTCOMES, CUSTOM]);
    const freeToken = s.sandbox.control.install(free.portalId, free.users.superAdmin.userId).access_token;
    const f = await api(s.url, freeToken, '/calling/v1/dispositions');
    expect(f.body).toEqual(DEFAULT_CALL_OUTCOMES);
  });

  it('needs a token with a contacts scope', async () => {
    const noContacts = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, ['oauth', 'settings.users.read']).access_token;
    const r = await api(s.url, noContacts, '/calling/v1/dispositions');
    expect(r.status).toBe(403);
    expect(r.body.category).toBe('MISSING_SCOPES');
    expect((await api(s.url, 'not-a-token', '/calling/v1/dispositions')).status).toBe(401);
  });

  it("accepts a call with the portal's custom outcome and refuses another portal's", async () => {
    const acmeToken = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
    const ok = await api(s.url, acmeToken, '/crm/v3/objects/calls', { method: 'POST', body: contactCall(acme.contacts.ownedByOwnedOnly.id, CUSTOM.id) });
    expect(ok.status).toBe(201);
    const freeToken = s.sandbox.control.install(free.portalId, free.users.superAdmin.userId).access_token;
    const freeContact = Object.values(free.contacts)[0]!.id;
    const bad = await api(s.url, freeToken, '/crm/v3/objects/calls', { method: 'POST', body: contactCall(freeContact, CUSTOM.id) });
    expect(bad.status).toBe(400);
    expect(bad.body.category).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(bad.body)).toContain('hs_call_disposition');
  });
});
