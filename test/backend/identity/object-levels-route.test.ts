import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemberEntry } from '../../../lib/contract/api/identity';
import type { InviteCreatedResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { ApiErrorBody } from '../../../lib/contract/errors';
import { describeEngines } from '../helpers/engines';
import { createWorkspace } from '../helpers/accounts-app';
import { ACME } from '../records/harness';
import { startViewApp, type ViewApp } from '../records/http-app';

/**
 * `PUT|DELETE /api/v1/identity/members/:memberId/permissions/:objectType`: an admin mirrors a
 * member's HubSpot levels on companies, deals or tickets, or says "no access", or clears them.
 * Contacts keep their own route; the answer is the member's entry with every object's levels.
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
const levels = { access: 'levels', view: 'team', edit: 'owned', viewUnassigned: true, editUnassigned: false } as const;

describeEngines('per-object levels route', (e) => {
  let v: ViewApp;
  let admin: SessionResponse;
  const reps: Record<'ownedOnly' | 'viewOnly', SessionResponse> = {} as never;
  const path = (memberId: string, type: string) => `/api/v1/identity/members/${memberId}/permissions/${type}`;

  beforeAll(async () => {
    v = await startViewApp(e.db);
    admin = await createWorkspace(v.app, { workspaceName: 'Acme', email: ACME.users.superAdmin.email, password: password() });
    v.install(admin.workspace.id, ACME.portalId, ACME.users.superAdmin.userId);
    for (const key of ['ownedOnly', 'viewOnly'] as const) {
      const inv = await api(v, 'POST', '/api/v1/members', { token: admin.token, body: { email: ACME.users[key].email, role: 'member' } });
      const acc = await api(v, 'POST', '/api/v1/invites/accept', { body: { code: (inv.body as InviteCreatedResponse).invite.code, password: password() } });
      reps[key] = acc.body;
    }
    const linked = await api(v, 'PUT', `/api/v1/identity/members/${reps.ownedOnly.member.id}/link`, { token: admin.token, body: { hubspotUserId: String(ACME.users.ownedOnly.userId) } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
  });
  afterAll(async () => {
    await v?.close();
  });

  it('sets levels on one object and "no access" on another; the other objects stay not set; contacts are untouched', async () => {
    const id = reps.ownedOnly.member.id;
    const deals = await api(v, 'PUT', path(id, '0-3'), { token: admin.token, body: levels });
    expect(deals.status, JSON.stringify(deals.body)).toBe(200);
    const tickets = MemberEntry.parse((await api(v, 'PUT', path(id, '0-5'), { token: admin.token, body: { access: 'none' } })).body);
    expect(tickets.objectLevels).toEqual({ '0-2': null, '0-3': levels, '0-5': { access: 'none' } });
    expect(tickets.levels).toBeNull();
    // The admin list shows the same.
    const list = (await api(v, 'GET', '/api/v1/identity/members', { token: admin.token })).body as { members: MemberEntry[] };
    expect(list.members.find((m) => m.memberId === id)!.objectLevels).toEqual({ '0-2': null, '0-3': levels, '0-5': { access: 'none' } });
  });

  it('DELETE puts one object back to "not set"', async () => {
    const id = reps.ownedOnly.member.id;
    const cleared = await api(v, 'DELETE', path(id, '0-3'), { token: admin.token });
    expect(cleared.status).toBe(200);
    expect(MemberEntry.parse(cleared.body).objectLevels).toEqual({ '0-2': null, '0-3': null, '0-5': { access: 'none' } });
  });

  it('refuses contacts (their own route), unknown objects and malformed levels with 400', async () => {
    const id = reps.ownedOnly.member.id;
    for (const [type, body] of [
      ['0-1', levels],
      ['0-4', levels],
      ['deals', levels],
      ['0-3', { ...levels, view: 'all' }],
      ['0-3', { access: 'none', view: 'team' }],
      ['0-3', { view: 'team', edit: 'owned', viewUnassigned: false, editUnassigned: false }],
    ] as const) {
      const r = await api(v, 'PUT', path(id, type), { token: admin.token, body });
      expect(r.status, `${type} ${JSON.stringify(body)}`).toBe(400);
      expect(ApiErrorBody.parse(r.body).error.code).toBe('bad_request');
    }
  });

  it('a member may not set levels (403); an unlinked member has none to set (403 not_linked); an unknown member is 404', async () => {
    const own = await api(v, 'PUT', path(reps.ownedOnly.member.id, '0-3'), { token: reps.ownedOnly.token, body: levels });
    expect([own.status, own.body.error.code]).toEqual([403, 'forbidden']);
    const unlinked = await api(v, 'PUT', path(reps.viewOnly.member.id, '0-2'), { token: admin.token, body: levels });
    expect([unlinked.status, unlinked.body.error.code]).toEqual([403, 'not_linked']);
    const unknown = await api(v, 'DELETE', path('no-such-member', '0-2'), { token: admin.token });
    expect(unknown.status).toBe(404);
  });
});
