import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum as ContactOp } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { AssociationSpecAssociationCategoryEnum, FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/notes/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { start } from './helpers.js';

/**
 * The official SDK, pointed at the sandbox with basePath, performs every CRM call unchanged.
 * @hubspot/api-client 13.5.0 has no generated API for /account-info/v3/details or
 * /resource-permissions/v3/permitted-users (nor for the OAuth v3 token/introspect/revoke
 * endpoints, which oauth.test.ts calls with fetch), so those go through the SDK's own
 * `client.apiRequest` here.
 */

const acme = SEED.portals.acme;
const C = acme.contacts;
let s: StartedSandbox;
let client: Client;

beforeAll(async () => {
  s = await start();
  const { access_token } = s.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
  client = new Client({ accessToken: access_token, basePath: s.url });
});
afterAll(() => s.close());

const toContact = (id: number) => [{ to: { id: String(id) }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 202 }] }];
const taskToContact = (id: number) => [{ to: { id: String(id) }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 204 }] }];

describe('contacts', () => {
  it('gets a contact with requested properties (unset ones null)', async () => {
    const c = await client.crm.contacts.basicApi.getById(String(C.ownedByOwnedOnly.id), ['email', 'hubspot_owner_id', 'hs_all_owner_ids', 'mobilephone']);
    expect(c.id).toBe('101');
    expect(c.properties).toMatchObject({ email: C.ownedByOwnedOnly.properties.email, hubspot_owner_id: '7006', hs_all_owner_ids: '7006', mobilephone: null });
    expect(c.createdAt).toBeInstanceOf(Date);
    const byEmail = await client.crm.contacts.basicApi.getById(C.unassigned.properties.email!, undefined, undefined, undefined, false, 'email');
    expect(byEmail.id).toBe(String(C.unassigned.id));
  });

  it('patches a contact and derives ownership properties', async () => {
    const updated = await client.crm.contacts.basicApi.update(String(C.unassigned.id), { properties: { jobtitle: 'CTO', hubspot_owner_id: '7005', seats: '12', renewal_date: '2025-01-31' } });
    expect(updated.properties).toMatchObject({ jobtitle: 'CTO', hubspot_owner_id: '7005', hubspot_team_id: '302', hs_all_accessible_team_ids: '302;301', seats: '12', renewal_date: '2025-01-31' });
    expect(s.sandbox.control.counters().writes.contactUpdates).toBe(1);
  });

  it('lists, searches, batch reads and batch updates', async () => {
    const page = await client.crm.contacts.basicApi.getPage(5);
    expect(page.results).toHaveLength(5);
    expect(page.paging?.next?.after).toBe('5');
    const found = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hubspot_owner_id', operator: ContactOp.Eq, value: '7002' }] }],
      properties: ['email', 'hubspot_owner_id'],
      limit: 2,
      after: '0',
      sorts: [],
    });
    expect(found.total).toBeGreaterThanOrEqual(3);
    expect(found.results).toHaveLength(2);
    expect(found.paging?.next?.after).toBe('2');
    const read = await client.crm.contacts.batchApi.read({ inputs: [{ id: '101' }, { id: '102' }], properties: ['email'], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.id).sort()).toEqual(['101', '102']);
    const upd = await client.crm.contacts.batchApi.update({ inputs: [{ id: '101', properties: { city: 'Paris' } }, { id: '102', properties: { city: 'Rome' } }] });
    expect(upd.results.map((r) => r.properties.city).sort()).toEqual(['Paris', 'Rome']);
  });

  it('reports unknown ids in batch read as a 207 with errors', async () => {
    const res = await client.crm.contacts.batchApi.read({ inputs: [{ id: '101' }, { id: '999999' }], properties: [], propertiesWithHistory: [] });
    expect(res.results).toHaveLength(1);
    expect('errors' in res ? res.errors?.[0]?.context : undefined).toEqual({ ids: ['999999'] });
  });
});

describe('notes and tasks', () => {
  it('creates a note and a task associated with a contact and reads them back', async () => {
    const marker = 'portside:key-123';
    const note = await client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: `Called them <b>${marker}</b>`, hs_timestamp: '1700000000000', hubspot_owner_id: '7006' }, associations: toContact(101) });
    expect(note.properties).toMatchObject({ hs_timestamp: '2023-11-14T22:13:20Z', hubspot_owner_id: '7006' });
    const task = await client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'Follow up', hs_task_priority: 'HIGH', hs_timestamp: '2030-01-01T09:00:00Z' }, associations: taskToContact(101) });
    expect(task.properties.hs_task_status).toBe('NOT_STARTED');

    const got = await client.crm.objects.notes.basicApi.getById(note.id, ['hs_note_body'], undefined, ['contacts']);
    expect(got.associations?.contacts?.results).toEqual([{ id: '101', type: 'note_to_contact' }]);
    const gotTask = await client.crm.objects.tasks.basicApi.getById(task.id, ['hs_task_subject', 'hs_task_priority', 'hs_task_status'], undefined, ['contacts']);
    expect(gotTask.id).toBe(task.id);
    expect(gotTask.properties).toMatchObject({ hs_task_subject: 'Follow up', hs_task_priority: 'HIGH', hs_task_status: 'NOT_STARTED' });
    expect(gotTask.createdAt).toBeInstanceOf(Date);
    expect(gotTask.associations?.contacts?.results).toEqual([{ id: '101', type: 'task_to_contact' }]);
    const contact = await client.crm.contacts.basicApi.getById('101', undefined, undefined, ['notes', 'tasks']);
    expect(contact.associations?.notes?.results.map((r) => r.id)).toEqual([note.id]);
    expect(contact.associations?.tasks?.results.map((r) => r.id)).toEqual([task.id]);

    const search = await client.crm.objects.notes.searchApi.doSearch({
      filterGroups: [{ filters: [
        { propertyName: 'associations.contact', operator: FilterOperatorEnum.Eq, value: '101' },
        { propertyName: 'hs_note_body', operator: FilterOperatorEnum.ContainsToken, value: marker },
      ] }],
      properties: ['hs_note_body'],
      limit: 10,
      after: '0',
      sorts: [],
    });
    expect(search.results.map((r) => r.id)).toEqual([note.id]);
    const none = await client.crm.objects.tasks.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'associations.contact', operator: FilterOperatorEnum.Eq, value: '102' }] }],
      properties: [], limit: 10, after: '0', sorts: [],
    });
    expect(none.total).toBe(0);
    expect(s.sandbox.control.notes(acme.portalId, '101')).toHaveLength(1);
  });

  it('batch creates notes and tasks', async () => {
    const notes = await client.crm.objects.notes.batchApi.create({ inputs: [
      { properties: { hs_note_body: 'a', hs_timestamp: '1700000000000' }, associations: toContact(102) },
      { properties: { hs_note_body: 'b', hs_timestamp: '1700000000000' }, associations: toContact(103) },
    ] });
    expect(notes.results).toHaveLength(2);
    const tasks = await client.crm.objects.tasks.batchApi.create({ inputs: [{ properties: { hs_task_subject: 't', hs_timestamp: '1700000000000' }, associations: taskToContact(102) }] });
    expect(tasks.results[0]?.properties.hs_task_subject).toBe('t');
    expect(s.sandbox.control.counters().writes).toMatchObject({ notes: 3, tasks: 2 });
  });

  it('answers 404 through the SDK for unknown note and task ids', async () => {
    await expect(client.crm.objects.tasks.basicApi.getById('987654321')).rejects.toMatchObject({ code: 404, body: { status: 'error', message: 'resource not found' } });
    await expect(client.crm.objects.notes.basicApi.getById('987654321')).rejects.toMatchObject({ code: 404, body: { status: 'error', message: 'resource not found' } });
  });

  it('rejects wrong association type ids like HubSpot', async () => {
    const wrong = [{ to: { id: '101' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 201 }] }];
    await expect(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'x' }, associations: wrong })).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR', message: 'invalid from object type 0-46 for associations to be created. expected: 0-1' },
    });
    await expect(client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'x' }, associations: toContact(101) })).rejects.toMatchObject({ code: 400 });
    await expect(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'x' }, associations: toContact(424242) })).rejects.toMatchObject({
      code: 400,
      body: { message: 'One or more associations are invalid' },
    });
  });
});

describe('properties, owners, users, account', () => {
  it('lists contact properties with types, options and read-only metadata', async () => {
    const props = await client.crm.properties.coreApi.getAll('contacts');
    const byName = new Map(props.results.map((p) => [p.name, p]));
    expect(byName.get('lifecyclestage')).toMatchObject({ type: 'enumeration', fieldType: 'radio' });
    expect(byName.get('lifecyclestage')?.options.map((o) => o.value)).toContain('customer');
    expect(byName.get('num_notes')).toMatchObject({ calculated: true, modificationMetadata: { readOnlyValue: true } });
    expect(byName.get('hubspot_owner_id')?.options.map((o) => o.value)).toContain('7006');
    const notes = await client.crm.properties.coreApi.getAll('notes');
    expect(notes.results.map((p) => p.name)).toContain('hs_note_body');
    const one = await client.crm.properties.coreApi.getByName('tasks', 'hs_task_status');
    expect(one.options.map((o) => o.value)).toContain('COMPLETED');
  });

  it('lists owners with teams, filters by email and pages with after', async () => {
    const first = await client.crm.owners.ownersApi.getPage(undefined, undefined, 3);
    expect(first.results).toHaveLength(3);
    const second = await client.crm.owners.ownersApi.getPage(undefined, first.paging!.next!.after, 100);
    expect(second.results[0]?.id).toBe('7004');
    const oscar = await client.crm.owners.ownersApi.getPage(acme.users.ownedOnly.email);
    expect(oscar.results).toHaveLength(1);
    expect(oscar.results[0]).toMatchObject({ id: '7006', userId: 5006, teams: [{ id: '302', name: 'Sales East', primary: true }] });
    const byId = await client.crm.owners.ownersApi.getById(5006, 'userId');
    expect(byId.id).toBe('7006');
  });

  it('reads users, teams and roles', async () => {
    const users = await client.settings.users.usersApi.getPage();
    expect(users.results.map((u) => u.id)).toContain('5006');
    const uma = await client.settings.users.usersApi.getById(acme.users.ownedUnassigned.email, 'EMAIL');
    expect(uma).toMatchObject({ id: '5007', primaryTeamId: '302', superAdmin: false });
    const teams = await client.settings.users.teamsApi.getAll();
    expect(teams.results.find((t) => t.id === '302')?.userIds).toEqual(['5005', '5006', '5007']);
    const roles = await client.settings.users.rolesApi.getAll();
    expect(roles.results.length).toBeGreaterThan(0);
  });

  it('reads account details and record permissions via apiRequest', async () => {
    const details = await (await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' })).json();
    expect(details).toMatchObject({ portalId: 1001, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' });
    const res = await client.apiRequest({ method: 'GET', path: '/resource-permissions/v3/permitted-users', qs: { resource: 'hcrn:1001:crm-object:0-1:101' } });
    expect((await res.json()).resources['hcrn:1001:crm-object:0-1:101']['crm-object:EDIT'].permittedUsers).toContain(5006);
  });
});
