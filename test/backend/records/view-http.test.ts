import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MeAnswer, MemberEntry, MembersAnswer, TeamsAnswer } from '../../../lib/contract/api/identity';
import { RecordView } from '../../../lib/contract/api/records';
import { ApiErrorBody } from '../../../lib/contract/errors';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { describeEngines } from '../helpers/engines';
import { createWorkspace } from '../helpers/accounts-app';
import { ACME } from './harness';
import { startViewApp, type ViewApp } from './http-app';

/**
 * The record view endpoint and the identity admin routes over real HTTP against a started
 * sandbox: sign in, get a link proposal, have the admin confirm it, load the panel's view.
 */

async function api(v: ViewApp, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${v.url}${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const password = () => `pw-${randomBytes(6).toString('hex')}`;

describeEngines('record view over HTTP', (e) => {
  let v: ViewApp;
  let admin: SessionResponse;
  const reps: Record<'ownedOnly' | 'teamOnly' | 'viewOnly', SessionResponse> = {} as never;

  beforeAll(async () => {
    v = await startViewApp(e.db);
    admin = await createWorkspace(v.app, { workspaceName: 'Acme', email: ACME.users.superAdmin.email, password: password() });
    v.install(admin.workspace.id, ACME.portalId, ACME.users.superAdmin.userId);
    for (const key of ['ownedOnly', 'teamOnly', 'viewOnly'] as const) {
      const inv = await api(v, 'POST', '/api/v1/members', { token: admin.token, body: { email: ACME.users[key].email, role: 'member' } });
      expect(inv.status).toBe(201);
      const code = (inv.body as InviteCreatedResponse).invite.code;
      const acc = await api(v, 'POST', '/api/v1/invites/accept', { body: { code, password: password() } });
      expect(acc.status).toBe(200);
      reps[key] = acc.body;
    }
  });
  afterAll(async () => {
    await v?.close();
  });

  it('a member is not linked until an admin confirms the proposal', async () => {
    const view = await api(v, 'GET', '/api/v1/portals/1001/contacts/101/view', { token: reps.ownedOnly.token });
    expect(view.status).toBe(403);
    expect(ApiErrorBody.parse(view.body).error.code).toBe('not_linked');
    const me = MeAnswer.parse((await api(v, 'GET', '/api/v1/identity/me', { token: reps.ownedOnly.token })).body);
    expect(me).toMatchObject({ status: 'not_linked', portalId: '1001' });
  });

  it('members cannot link themselves or see the admin lists', async () => {
    const self = await api(v, 'PUT', `/api/v1/identity/members/${reps.ownedOnly.member.id}/link`, { token: reps.ownedOnly.token, body: { hubspotUserId: String(ACME.users.superAdmin.userId) } });
    expect(self.status).toBe(403);
    for (const [method, path] of [['GET', '/api/v1/identity/members'], ['POST', '/api/v1/identity/sync'], ['GET', '/api/v1/identity/teams']] as const) {
      expect((await api(v, method, path, { token: reps.teamOnly.token })).status).toBe(403);
    }
  });

  it('the admin sees proposals from verified emails and confirms them', async () => {
    const list = MembersAnswer.parse((await api(v, 'GET', '/api/v1/identity/members', { token: admin.token })).body);
    expect(list.portalId).toBe('1001');
    expect(list.hubspotUsers.length).toBe(Object.keys(ACME.users).length);
    for (const key of ['ownedOnly', 'teamOnly'] as const) {
      const entry = list.members.find((m) => m.memberId === reps[key].member.id)!;
      expect(entry.proposal).toMatchObject({ userId: String(ACME.users[key].userId), matchedBy: 'users' });
      const linked = await api(v, 'PUT', `/api/v1/identity/members/${entry.memberId}/link`, { token: admin.token, body: { hubspotUserId: entry.proposal!.userId } });
      expect(linked.status, JSON.stringify(linked.body)).toBe(200);
      expect(MemberEntry.parse(linked.body).link).toMatchObject({ userId: String(ACME.users[key].userId), active: true });
    }
    // One HubSpot user, one member.
    const dup = await api(v, 'PUT', `/api/v1/identity/members/${reps.viewOnly.member.id}/link`, { token: admin.token, body: { hubspotUserId: String(ACME.users.ownedOnly.userId) } });
    expect(dup.status).toBe(409);
    const unknown = await api(v, 'PUT', `/api/v1/identity/members/${reps.viewOnly.member.id}/link`, { token: admin.token, body: { hubspotUserId: '424242' } });
    expect(unknown.status).toBe(404);
  });

  it('serves the panel its verdict and summary in one request', async () => {
    const own = await api(v, 'GET', '/api/v1/portals/1001/contacts/101/view', { token: reps.ownedOnly.token });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const view = RecordView.parse(own.body);
    expect(view).toMatchObject({
      portalId: '1001',
      contactId: '101',
      viewer: { memberId: reps.ownedOnly.member.id, role: 'member', hubspotUser: { userId: '5006', ownerId: '7006' } },
      access: { source: 'permissions_api', canView: { allowed: true, message: 'You own this contact' }, canEdit: { allowed: true } },
      contact: { firstName: 'Olivia', owner: { id: '7006', name: 'Oscar Owned' } },
    });
    const other = RecordView.parse((await api(v, 'GET', '/api/v1/portals/1001/contacts/105/view', { token: reps.ownedOnly.token })).body);
    expect(other).toMatchObject({ access: { canView: { allowed: false }, canEdit: { allowed: false } }, contact: null });
    const team = RecordView.parse((await api(v, 'GET', '/api/v1/portals/1001/contacts/104/view', { token: reps.teamOnly.token })).body);
    expect(team.access.canEdit).toMatchObject({ allowed: true, message: 'Owned by someone on Sales East, a team under Sales' });
  });

  it('malformed ids are a 400 before anything else, even before authentication', async () => {
    for (const path of ['/api/v1/portals/abc/contacts/101/view', '/api/v1/portals/1001/contacts/0/view', '/api/v1/portals/1001/contacts/1e3/view', `/api/v1/portals/1001/contacts/${'9'.repeat(30)}/view`]) {
      const r = await api(v, 'GET', path);
      expect(r.status, path).toBe(400);
      expect(ApiErrorBody.parse(r.body).error.code).toBe('bad_request');
    }
  });

  it('answers the contract errors: 401, 404 portal_not_connected, 503 needs_reconnect', async () => {
    expect((await api(v, 'GET', '/api/v1/portals/1001/contacts/101/view')).status).toBe(401);
    const wrong = await api(v, 'GET', '/api/v1/portals/2002/contacts/201/view', { token: reps.ownedOnly.token });
    expect([wrong.status, wrong.body.error.code]).toEqual([404, 'portal_not_connected']);
    const install = v.installs.byWorkspace.get(admin.workspace.id)!;
    install.status = 'needs_reconnect';
    try {
      const r = await api(v, 'GET', '/api/v1/portals/1001/contacts/101/view', { token: reps.ownedOnly.token });
      expect([r.status, r.body.error.code]).toEqual([503, 'needs_reconnect']);
    } finally {
      install.status = 'connected';
    }
  });

  it('503 hubspot_unavailable (retryable) when HubSpot fails the read with a 5xx', async () => {
    v.sandbox.sandbox.control.addFault({ path: '/crm/v3/objects/contacts/*', kind: 'status', status: 500 });
    try {
      const r = await api(v, 'GET', '/api/v1/portals/1001/contacts/103/view', { token: reps.teamOnly.token });
      expect([r.status, r.body.error.code, r.body.error.details?.retryable]).toEqual([503, 'hubspot_unavailable', true]);
    } finally {
      v.sandbox.sandbox.control.clearFaults();
    }
  });

  it('admin sets permission levels and the team tree; members read only their own identity', async () => {
    const levels = { view: 'owned', edit: 'owned', viewUnassigned: true, editUnassigned: false };
    const set = await api(v, 'PUT', `/api/v1/identity/members/${reps.ownedOnly.member.id}/permissions`, { token: admin.token, body: { levels } });
    expect(set.status).toBe(200);
    expect(MemberEntry.parse(set.body).levels).toEqual(levels);
    const bad = await api(v, 'PUT', `/api/v1/identity/members/${reps.ownedOnly.member.id}/permissions`, { token: admin.token, body: { levels: { ...levels, view: 'all' } } });
    expect(bad.status).toBe(400);
    const unlinked = await api(v, 'PUT', `/api/v1/identity/members/${reps.viewOnly.member.id}/permissions`, { token: admin.token, body: { levels } });
    expect(unlinked.status).toBe(403);
    const me = MeAnswer.parse((await api(v, 'GET', '/api/v1/identity/me', { token: reps.ownedOnly.token })).body);
    expect(me).toMatchObject({ status: 'linked', levels, hubspotUser: { userId: '5006', teams: [{ id: '302', name: 'Sales East' }] } });
    const tree = await api(v, 'PUT', '/api/v1/identity/teams', { token: admin.token, body: { teams: [{ id: '302', parentTeamId: '301' }] } });
    expect(tree.status).toBe(200);
    expect(TeamsAnswer.parse(tree.body).teams).toContainEqual({ id: '302', name: 'Sales East', parentTeamId: '301' });
    const cycle = await api(v, 'PUT', '/api/v1/identity/teams', { token: admin.token, body: { teams: [{ id: '302', parentTeamId: '301' }, { id: '301', parentTeamId: '302' }] } });
    expect(cycle.status).toBe(400);
  });

  it('unlinking takes effect on the next request', async () => {
    const res = await api(v, 'DELETE', `/api/v1/identity/members/${reps.teamOnly.member.id}/link`, { token: admin.token });
    expect(res.status).toBe(200);
    const view = await api(v, 'GET', '/api/v1/portals/1001/contacts/104/view', { token: reps.teamOnly.token });
    expect([view.status, view.body.error.code]).toEqual([403, 'not_linked']);
  });
});
