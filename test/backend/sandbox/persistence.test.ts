import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed.js';
import type { StartedSandbox } from '../../../backend/sandbox/start.js';
import { api, consent, exchange, start } from './helpers.js';

/**
 * Issue 15 item 10: a restarted sandbox (a second `npm start`) still knows the install a backend
 * holds tokens for, and every note, task and edit made before. The state lives in one file.
 */

const acme = SEED.portals.acme;
const SCOPES = 'oauth crm.objects.contacts.read crm.objects.contacts.write';
const note = (body: string) => ({ properties: { hs_note_body: body, hs_timestamp: '2026-12-01T09:00:00Z' }, associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] });

async function refresh(url: string, refreshToken: string): Promise<Response> {
  return fetch(`${url}/oauth/2026-03/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: SANDBOX_APP.clientId, client_secret: SANDBOX_APP.clientSecret, refresh_token: refreshToken }),
  });
}

async function installAcme(s: StartedSandbox): Promise<{ access_token: string; refresh_token: string }> {
  const c = await consent(s.url, acme.portalId, acme.users.superAdmin.userId, { scope: SCOPES });
  const res = await exchange(s.url, c.params.code!);
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string };
}

describe('sandbox state file', () => {
  const dirs: string[] = [];
  const running: StartedSandbox[] = [];
  const scratch = () => {
    const d = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    dirs.push(d);
    return d;
  };
  const boot = async (stateFile: string, warnings: string[] = []) => {
    const s = await start({ stateFile, onStateWarning: (m) => warnings.push(m) });
    running.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of running.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a restart keeps the install (tokens refresh), notes, tasks and edits; new ids never collide with old ones', async () => {
    const file = join(scratch(), 'data', 'sandbox-state.json');
    const first = await boot(file);
    expect(first.state).toBe('no_file');
    const tokens = await installAcme(first);
    const created = await api(first.url, tokens.access_token, '/crm/v3/objects/notes', { method: 'POST', body: note('kept across restarts') });
    expect(created.status).toBe(201);
    const task = { properties: { hs_task_subject: 'Call back', hs_timestamp: '2026-12-01T09:00:00Z' }, associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }] };
    const createdTask = await api(first.url, tokens.access_token, '/crm/v3/objects/tasks', { method: 'POST', body: task });
    expect(createdTask.status).toBe(201);
    const edited = await api(first.url, tokens.access_token, '/crm/v3/objects/contacts/101', { method: 'PATCH', body: { properties: { city: 'Restartville' } } });
    expect(edited.status).toBe(200);
    await first.close();
    running.splice(0);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await boot(file);
    expect(second.state).toBe('restored');
    // The backend's stored access token is still good, and its refresh token still refreshes.
    expect((await api(second.url, tokens.access_token, `/crm/v3/objects/notes/${created.body.id}?properties=hs_note_body`)).body.properties.hs_note_body).toBe('kept across restarts');
    const refreshed = await refresh(second.url, tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const access = ((await refreshed.json()) as { access_token: string }).access_token;
    const contact = await api(second.url, access, '/crm/v3/objects/contacts/101?properties=city,num_notes&associations=notes');
    expect(contact.body.properties).toMatchObject({ city: 'Restartville', num_notes: '1' });
    expect(contact.body.associations.notes.results.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    expect((await api(second.url, access, `/crm/v3/objects/tasks/${createdTask.body.id}?properties=hs_task_subject`)).body.properties.hs_task_subject).toBe('Call back');
    const next = await api(second.url, access, '/crm/v3/objects/notes', { method: 'POST', body: note('after the restart') });
    expect(Number(next.body.id)).toBeGreaterThan(Number(created.body.id));
    // An uninstall is remembered too: the refresh token stays dead after another restart.
    expect((await fetch(`${second.url}/_sandbox/uninstall`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ portalId: acme.portalId }) })).status).toBe(200);
    await second.close();
    running.splice(0);
    const third = await boot(file);
    const dead = await refresh(third.url, tokens.refresh_token);
    expect(dead.status).toBe(400);
    expect(((await dead.json()) as { status: string }).status).toBe('BAD_REFRESH_TOKEN');
  });

  it('without a state file nothing is kept (the old behaviour, still what tests get)', async () => {
    const first = await start();
    running.push(first);
    const tokens = await installAcme(first);
    await first.close();
    running.splice(0);
    const again = await start();
    running.push(again);
    expect(again.state).toBeUndefined();
    expect((await refresh(again.url, tokens.refresh_token)).status).toBe(400);
  });

  it('an unusable file is moved aside with a warning and the sandbox starts from the seed', async () => {
    const file = join(scratch(), 'sandbox-state.json');
    writeFileSync(file, '{"version": 99}');
    const warnings: string[] = [];
    const s = await boot(file, warnings);
    expect(s.state).toBe('unreadable');
    expect(warnings.join('\n')).toMatch(/was not restored: not a sandbox state file of version 1/);
    expect(readFileSync(`${file}.unreadable`, 'utf8')).toBe('{"version": 99}');
    expect(existsSync(file)).toBe(false);
    const tokens = await installAcme(s);
    expect(tokens.refresh_token).toMatch(/^na1-/);
  });
});
