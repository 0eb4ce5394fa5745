import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, start } from './helpers.js';

/** Task enumerations are only what HubSpot documents; anything else is a VALIDATION_ERROR. */

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

const taskTo = (contactId: number) => [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }];

describe('task enumerations as documented', () => {
  it('serves the documented options and accepts them', async () => {
    const props = (await api(s.url, token, '/crm/v3/properties/tasks')).body.results as { name: string; options: { value: string }[] }[];
    const options = (name: string) => props.find((p) => p.name === name)?.options.map((o) => o.value);
    expect(options('hs_task_priority')).toEqual(['LOW', 'MEDIUM', 'HIGH']);
    expect(options('hs_task_type')).toEqual(['TODO', 'CALL', 'EMAIL']);
    expect(options('hs_task_status')).toEqual(expect.arrayContaining(['NOT_STARTED', 'COMPLETED']));
    const ok = await api(s.url, token, '/crm/v3/objects/tasks', {
      method: 'POST',
      body: { properties: { hs_task_subject: 'Call back', hs_timestamp: '2031-01-01T09:00:00Z', hs_task_priority: 'MEDIUM', hs_task_type: 'EMAIL', hs_task_status: 'COMPLETED' }, associations: taskTo(101) },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses NONE and undocumented values with HubSpot-shaped VALIDATION_ERRORs naming each property', async () => {
    const res = await api(s.url, token, '/crm/v3/objects/tasks', {
      method: 'POST',
      body: { properties: { hs_task_subject: 'x', hs_timestamp: '2031-01-01T09:00:00Z', hs_task_priority: 'NONE', hs_task_type: 'LINKED_IN' }, associations: taskTo(101) },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(res.body.message).toMatch(/^Property values were not valid: /);
    expect(res.body.errors.map((e: { code: string; context: { propertyName: string[] } }) => [e.code, e.context.propertyName[0]])).toEqual([
      ['INVALID_OPTION', 'hs_task_priority'],
      ['INVALID_OPTION', 'hs_task_type'],
    ]);
    expect(s.sandbox.control.tasks(acme.portalId)).toHaveLength(0);
  });
});
