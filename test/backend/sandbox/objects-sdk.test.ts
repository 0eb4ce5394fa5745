import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/notes/index.js';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { start } from './helpers.js';

/**
 * Companies, deals and tickets through the official SDK pointed at the sandbox: the shapes the
 * SDK parses (objects, batch answers, pipelines, properties, v4 associations) are HubSpot's.
 */

const acme = SEED.portals.acme;
let s: StartedSandbox;
let client: Client;

beforeAll(async () => {
  s = await start();
  const { access_token } = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
  client = new Client({ accessToken: access_token, basePath: s.url });
});
afterAll(() => s.close());

async function status(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
    return { code: 200, body: null };
  } catch (e) {
    const err = e as { code: number; body: unknown };
    return { code: err.code, body: err.body };
  }
}

describe('companies, deals and tickets', () => {
  it('gets a company with its associated contacts and deals, ownership derived', async () => {
    const c = await client.crm.companies.basicApi.getById('21002', ['name', 'hubspot_owner_id', 'hs_shared_team_ids', 'hubspot_team_id'], undefined, ['contacts', 'deals']);
    expect(c.properties).toMatchObject({ name: 'Ember Health', hubspot_owner_id: '7002', hubspot_team_id: '303', hs_shared_team_ids: '302' });
    expect(c.associations?.contacts?.results.map((r) => r.id).sort()).toEqual(['105', '108']);
    expect(c.associations?.deals?.results.map((r) => r.id)).toEqual(['22002']);
  });

  it('reads deals with their default properties, in batch and by search on pipeline', async () => {
    const d = await client.crm.deals.basicApi.getById('22003');
    expect(Object.keys(d.properties).sort()).toEqual(['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline']);
    const batch = await client.crm.deals.batchApi.read({ inputs: [{ id: '22001' }, { id: '22002' }], properties: ['deal_currency_code'], propertiesWithHistory: [] });
    expect(batch.results.map((r) => r.properties.deal_currency_code).sort()).toEqual(['EUR', 'USD']);
    const found = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'pipeline', operator: FilterOperatorEnum.Eq, value: '811122' }] }], properties: ['dealname'], limit: 10, after: '0', sorts: [] });
    expect(found.results.map((r) => r.id).sort()).toEqual(['22003', '22004']);
    const tickets = await client.crm.tickets.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hubspot_owner_id', operator: FilterOperatorEnum.NotHasProperty }] }], properties: ['subject'], limit: 10, after: '0', sorts: [] });
    expect(tickets.results.map((r) => r.id)).toEqual(['23002']);
  });

  it('updates a deal: stage must belong to its pipeline, currency to the portal, read-only refused', async () => {
    const ok = await client.crm.deals.basicApi.update('22001', { properties: { dealstage: 'closedwon', amount: '13000.50', deal_currency_code: 'GBP', hubspot_owner_id: '7004' } });
    expect(ok.properties).toMatchObject({ dealstage: 'closedwon', amount: '13000.50', deal_currency_code: 'GBP', hubspot_team_id: '301' });
    const wrongStage = await status(client.crm.deals.basicApi.update('22001', { properties: { dealstage: '811124' } }));
    expect(wrongStage.code).toBe(400);
    expect(JSON.stringify(wrongStage.body)).toContain('dealstage');
    const moved = await client.crm.deals.basicApi.update('22001', { properties: { pipeline: '811122', dealstage: '811124' } });
    expect(moved.properties).toMatchObject({ pipeline: '811122', dealstage: '811124' });
    expect((await status(client.crm.deals.basicApi.update('22001', { properties: { deal_currency_code: 'JPY' } }))).code).toBe(400);
    expect((await status(client.crm.deals.basicApi.update('22001', { properties: { num_associated_contacts: '3' } }))).code).toBe(400);
    expect((await status(client.crm.tickets.basicApi.update('23001', { properties: { hs_ticket_priority: 'URGENTISSIMO' } }))).code).toBe(400);
  });

  it('batch updates companies atomically and refuses duplicate ids', async () => {
    const dup = await status(client.crm.companies.batchApi.update({ inputs: [{ id: '21001', properties: { city: 'A' } }, { id: '21001', properties: { city: 'B' } }] }));
    expect(dup.code).toBe(400);
    const bad = await status(client.crm.companies.batchApi.update({ inputs: [{ id: '21001', properties: { city: 'Salem' } }, { id: '21003', properties: { industry: 'NOT_AN_INDUSTRY' } }] }));
    expect(bad.code).toBe(400);
    expect(s.sandbox.state.portal(acme.portalId)!.companies.get('21001')!.properties.city).toBe('Boston');
    const done = await client.crm.companies.batchApi.update({ inputs: [{ id: '21001', properties: { city: 'Salem' } }] });
    expect(done.results[0]!.properties.city).toBe('Salem');
  });

  it('serves pipelines with stage metadata and the property definitions with the portal options', async () => {
    const deals = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(deals.results.map((p) => p.id)).toEqual(['default', '811122']);
    expect(deals.results[0]!.stages.find((st) => st.id === 'closedwon')!.metadata).toMatchObject({ probability: '1.0', isClosed: 'true' });
    const tickets = await client.crm.pipelines.pipelinesApi.getAll('tickets');
    expect(tickets.results[0]!.stages.map((st) => st.metadata?.ticketState)).toEqual(['OPEN', 'OPEN', 'OPEN', 'CLOSED']);
    const currency = await client.crm.properties.coreApi.getByName('deals', 'deal_currency_code');
    expect(currency.options.map((o) => o.value)).toEqual(['USD', 'EUR', 'GBP']);
    const priority = await client.crm.properties.coreApi.getByName('tickets', 'hs_ticket_priority');
    expect(priority.options.map((o) => o.value)).toEqual(['LOW', 'MEDIUM', 'HIGH']);
  });

  it('creates notes and tasks on a deal, a company and a ticket and lists them with v4', async () => {
    const to = (id: number, typeId: number) => [{ to: { id: String(id) }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: typeId }] }];
    const note = await client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'Deal note', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: [...to(22002, 214), ...to(21002, 190)] });
    const task = await client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'Call back', hs_timestamp: '2024-05-02T10:00:00Z' }, associations: to(23002, 230) });
    const onDeal = await client.crm.associations.v4.basicApi.getPage('deals', '22002', 'notes');
    expect(onDeal.results.map((r) => String(r.toObjectId))).toEqual([note.id]);
    expect(onDeal.results[0]!.associationTypes[0]).toMatchObject({ category: 'HUBSPOT_DEFINED', typeId: 213 });
    const back = await client.crm.associations.v4.basicApi.getPage('notes', note.id, 'companies');
    expect(back.results.map((r) => String(r.toObjectId))).toEqual(['21002']);
    const onTicket = await client.crm.associations.v4.basicApi.getPage('tickets', '23002', 'tasks');
    expect(onTicket.results.map((r) => String(r.toObjectId))).toEqual([task.id]);
    const dealToCompany = await client.crm.associations.v4.basicApi.getPage('deals', '22002', 'companies');
    expect(dealToCompany.results).toEqual([expect.objectContaining({ toObjectId: 21002, associationTypes: [expect.objectContaining({ typeId: 341 })] })]);
    // A note→contact type pointing at a deal, and an unknown deal id, are refused.
    expect((await status(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'x', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: to(22002, 216) }))).code).toBe(400);
    const unknown = await status(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'x', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: to(99999, 214) }));
    expect(unknown.code).toBe(400);
    expect(unknown.body.context).toMatchObject({ INVALID_OBJECT_IDS: ['99999'], objectType: ['0-3'] });
  });

  it('archives a ticket: it leaves reads and association lists', async () => {
    await client.crm.tickets.basicApi.archive('23003');
    expect((await status(client.crm.tickets.basicApi.getById('23003'))).code).toBe(404);
    const fromCompany = await client.crm.associations.v4.basicApi.getPage('companies', '21003', 'tickets');
    expect(fromCompany.results).toEqual([]);
    expect((await status(client.crm.tickets.basicApi.archive('23003'))).code).toBe(404);
  });

  it('serves the company currency and the exchange rates (settings.currencies.read)', async () => {
    const company = await (await client.apiRequest({ method: 'GET', path: '/settings/v3/currencies/company-currency' })).json();
    expect(company).toMatchObject({ id: 'USD' });
    const rates = await (await client.apiRequest({ method: 'GET', path: '/settings/v3/currencies/exchange-rates/current' })).json();
    expect(rates.results.map((r: { fromCurrencyCode: string; toCurrencyCode: string }) => `${r.fromCurrencyCode}>${r.toCurrencyCode}`)).toEqual(['EUR>USD', 'GBP>USD']);
  });
});
