import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/**
 * Creating companies, deals and tickets (`POST /crm/v3/objects/{object}`): 201 with the record,
 * readable and owned like a seeded one; what the guides require is required, a stage must be one
 * of the named pipeline's, values are validated as for updates, and each object needs its own
 * write scope.
 */

const acme = SEED.portals.acme;
let s: StartedSandbox;
let token: string;

beforeAll(async () => {
  s = await start();
  token = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId).access_token;
});
afterAll(() => s.close());

it('creates a deal owned by a user; it reads back with its derived ownership and counts as theirs', async () => {
  const evan = acme.users.everything;
  const r = await api(s.url, token, '/crm/v3/objects/deals', { method: 'POST', body: { properties: { dealname: 'Bench deal', pipeline: 'default', dealstage: 'qualifiedtobuy', amount: 900, hubspot_owner_id: String(evan.ownerId) } } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.headers.get('location')).toBe(`/crm/v3/objects/deals/${r.body.id}`);
  expect(Number(r.body.id)).toBeGreaterThan(22005);
  const read = await api(s.url, token, `/crm/v3/objects/deals/${r.body.id}?properties=dealname,amount,hs_all_owner_ids,dealstage`);
  expect(read.body.properties).toMatchObject({ dealname: 'Bench deal', amount: '900', hs_all_owner_ids: String(evan.ownerId), dealstage: 'qualifiedtobuy' });
  const next = await api(s.url, token, '/crm/v3/objects/tickets', { method: 'POST', body: { properties: { subject: 'Created', hs_pipeline: '0', hs_pipeline_stage: '1' } } });
  expect(next.status).toBe(201);
  const company = await api(s.url, token, '/crm/v3/objects/companies', { method: 'POST', body: { properties: { domain: 'new.example' } } });
  expect(company.status).toBe(201);
});

it('refuses what HubSpot refuses: missing required properties, a stage of another pipeline, unknown properties, associations it cannot make', async () => {
  const post = (object: string, body: unknown) => api(s.url, token, `/crm/v3/objects/${object}`, { method: 'POST', body });
  const noStage = await post('deals', { properties: { dealname: 'x', pipeline: 'default' } });
  expect([noStage.status, noStage.body.category, noStage.body.message]).toEqual([400, 'VALIDATION_ERROR', expect.stringContaining('dealstage')]);
  const wrongStage = await post('deals', { properties: { dealname: 'x', pipeline: '811122', dealstage: 'qualifiedtobuy' } });
  expect([wrongStage.status, wrongStage.body.message]).toEqual([400, expect.stringContaining('not a valid stage of pipeline 811122')]);
  expect((await post('tickets', { properties: { hs_pipeline: '0', hs_pipeline_stage: '1' } })).status).toBe(400);
  expect((await post('companies', { properties: { city: 'Nowhere' } })).status).toBe(400);
  expect((await post('companies', { properties: { name: 'x', no_such: '1' } })).status).toBe(400);
  expect((await post('companies', { properties: { name: 'x' }, associations: [{ to: { id: '101' } }] })).status).toBe(400);
  expect((await post('deals', { dealname: 'not wrapped' })).status).toBe(400);
});

it('needs the object’s write scope', async () => {
  const readOnly = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId, ['oauth', 'crm.objects.contacts.read', 'crm.objects.deals.read']).access_token;
  const r = await api(s.url, readOnly, '/crm/v3/objects/deals', { method: 'POST', body: { properties: { dealname: 'x', pipeline: 'default', dealstage: 'qualifiedtobuy' } } });
  expect([r.status, r.body.category]).toEqual([403, 'MISSING_SCOPES']);
});

it('a company’s and a deal’s number of associated contacts is calculated when read', async () => {
  const props = async (object: string, id: string | number) => (await api(s.url, token, `/crm/v3/objects/${object}/${id}?properties=num_associated_contacts`)).body.properties;
  expect(await props('companies', 21002)).toEqual(expect.objectContaining({ num_associated_contacts: '2' }));
  expect(await props('deals', 22002)).toEqual(expect.objectContaining({ num_associated_contacts: '2' }));
  const created = await api(s.url, token, '/crm/v3/objects/companies', { method: 'POST', body: { properties: { name: 'Alone Inc' } } });
  expect(await props('companies', created.body.id)).toEqual(expect.objectContaining({ num_associated_contacts: '0' }));
});
