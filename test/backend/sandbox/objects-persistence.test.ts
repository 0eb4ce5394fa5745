import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed.js';
import { api, start } from './helpers.js';

/** A restart with a state file keeps deal edits, archived tickets and notes associated with deals. */

const acme = SEED.portals.acme;
const dir = mkdtempSync(join(tmpdir(), 'sandbox-objects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps company/deal/ticket edits and their associations across a restart', async () => {
  const file = join(dir, 'state.json');
  const first = await start({ stateFile: file });
  const { access_token } = first.sandbox.control.install(acme.portalId, acme.users.superAdmin.userId);
  const note = await api(first.url, access_token, '/crm/v3/objects/notes', {
    method: 'POST',
    body: { properties: { hs_note_body: 'kept', hs_timestamp: '2024-05-01T10:00:00Z' }, associations: [{ to: { id: '22005' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }] },
  });
  expect(note.status).toBe(201);
  expect((await api(first.url, access_token, '/crm/v3/objects/deals/22005', { method: 'PATCH', body: { properties: { dealstage: 'closedlost' } } })).status).toBe(200);
  expect((await api(first.url, access_token, '/crm/v3/objects/tickets/23003', { method: 'DELETE' })).status).toBe(204);
  await first.close();

  const second = await start({ stateFile: file });
  try {
    expect(second.state).toBe('restored');
    expect((await api(second.url, access_token, '/crm/v3/objects/deals/22005?properties=dealstage')).body.properties.dealstage).toBe('closedlost');
    expect((await api(second.url, access_token, '/crm/v3/objects/tickets/23003')).status).toBe(404);
    const notes = await api(second.url, access_token, '/crm/v4/objects/deals/22005/associations/notes');
    expect(notes.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).toEqual([note.body.id]);
    expect((await api(second.url, access_token, '/crm/v4/objects/deals/22005/associations/companies')).body.results).toHaveLength(1);
  } finally {
    await second.close();
  }
});
