import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { createWorkspace } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { ACME } from './harness';
import { startViewApp, type ViewApp } from './http-app';

/**
 * The contacts route extensions already in the stores call, `GET /portals/:p/contacts/:c/view`:
 * its answers must stay exactly what they were before records of other objects existed. The
 * fixture (fixtures/legacy-contact-views.json) was captured from this test's requests on main
 * before the object view landed; only what differs per run (member ids, request ids) is
 * replaced by names. Cases: each kind of verdict (own, team, view-only, other owner, super admin,
 * no such contact), the editable values, the ownership fallback, and the error answers.
 */

type Key = 'superAdmin' | 'everything' | 'teamOnly' | 'ownedOnly' | 'viewOnly';
const MEMBERS: Key[] = ['everything', 'teamOnly', 'ownedOnly', 'viewOnly'];

const CASES: Array<[Key, string]> = [
  ['ownedOnly', '101'],
  ['ownedOnly', '105'],
  ['ownedOnly', '999999'],
  ['teamOnly', '104'],
  ['teamOnly', '103'],
  ['viewOnly', '101'],
  ['viewOnly', '106'],
  ['everything', '105'],
  ['superAdmin', '101'],
  ['superAdmin', '106'],
];

const FIXTURE = join(__dirname, 'fixtures', 'legacy-contact-views.json');
const password = () => `pw-${randomBytes(6).toString('hex')}`;

describeEngines('legacy contacts view route', (e) => {
  let v: ViewApp;
  const sessions = {} as Record<Key, SessionResponse>;
  const answers: Record<string, unknown> = {};

  async function get(path: string, who?: Key) {
    const token = who ? sessions[who].token : undefined;
    const res = await fetch(`${v.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    // What changes per run is named instead: whose member id it is, that there was a request id.
    let body = text;
    for (const [key, s] of Object.entries(sessions)) body = body.split(s.member.id).join(`<member:${key}>`);
    return { status: res.status, body: JSON.parse(body.replace(/"requestId":"[^"]+"/g, '"requestId":"<request>"')) as unknown };
  }

  async function api(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${v.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json();
  }

  beforeAll(async () => {
    v = await startViewApp(e.db);
    sessions.superAdmin = await createWorkspace(v.app, { workspaceName: 'Acme', email: ACME.users.superAdmin.email, password: password() });
    const admin = sessions.superAdmin.token;
    v.install(sessions.superAdmin.workspace.id, ACME.portalId, ACME.users.superAdmin.userId);
    for (const key of MEMBERS) {
      const inv = (await api('POST', '/api/v1/members', admin, { email: ACME.users[key].email, role: 'member' })) as InviteCreatedResponse;
      const res = await fetch(`${v.url}/api/v1/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: inv.invite.code, password: password() }) });
      sessions[key] = (await res.json()) as SessionResponse;
    }
    // Before any link: the member is told so.
    answers['viewOnly 101 not linked'] = await get(`/api/v1/portals/${ACME.portalId}/contacts/101/view`, 'viewOnly');
    for (const key of ['superAdmin', ...MEMBERS] as Key[]) {
      await api('PUT', `/api/v1/identity/members/${sessions[key].member.id}/link`, admin, { hubspotUserId: String(ACME.users[key].userId) });
    }
    await api('PUT', '/api/v1/settings/editable-properties', admin, { properties: ['phone', 'seats', 'lifecyclestage'] });
    for (const [who, contact] of CASES) answers[`${who} ${contact}`] = await get(`/api/v1/portals/${ACME.portalId}/contacts/${contact}/view`, who);
    answers['another portal'] = await get('/api/v1/portals/2002/contacts/201/view', 'ownedOnly');
    answers['malformed id'] = await get(`/api/v1/portals/${ACME.portalId}/contacts/1e3/view`, 'ownedOnly');
    answers['no session'] = await get(`/api/v1/portals/${ACME.portalId}/contacts/101/view`);
    // HubSpot's record permission API refused for good: the ownership model decides, with the admin's levels.
    await api('PUT', `/api/v1/identity/members/${sessions.ownedOnly.member.id}/permissions`, admin, { levels: { view: 'owned', edit: 'owned', viewUnassigned: true, editUnassigned: false } });
    v.sandbox.sandbox.control.addFault({ path: '/resource-permissions/v3/permitted-users', kind: 'status', status: 403 });
    for (const contact of ['102', '106']) answers[`ownedOnly ${contact} fallback`] = await get(`/api/v1/portals/${ACME.portalId}/contacts/${contact}/view`, 'ownedOnly');
  });
  afterAll(async () => {
    await v?.close();
  });

  it('answers every case exactly as before objects', () => {
    const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(answers).sort()).toEqual(Object.keys(before).sort());
    for (const [name, answer] of Object.entries(answers)) expect(answer, name).toEqual(before[name]);
  });
});
