import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberResponse } from '../../../lib/contract/api/accounts';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, invite, inviteAndAccept, signIn, startAccountsApp, type TestApp } from '../helpers/accounts-app';

/**
 * The admin routes as of this writing. `app.adminRoutes` is read from the app's route table (every
 * route whose onRequest chain runs the admin hook, whichever plugin registered it), so the 403
 * test below covers a new admin route without an edit here; this list is only a floor, so a
 * route that silently left the admin scope fails.
 */
const ADMIN_ROUTES_AT_LEAST = [
  'GET /api/v1/audit/export',
  'GET /api/v1/members',
  'POST /api/v1/members',
  'PUT /api/v1/members/:memberId/role',
  'POST /api/v1/members/:memberId/disable',
  'POST /api/v1/members/:memberId/enable',
  'POST /api/v1/members/:memberId/reset-access',
  'GET /api/v1/identity/members',
  'PUT /api/v1/identity/members/:memberId/link',
  'DELETE /api/v1/identity/members/:memberId/link',
  'PUT /api/v1/identity/members/:memberId/permissions',
  'POST /api/v1/identity/sync',
  'GET /api/v1/identity/teams',
  'PUT /api/v1/identity/teams',
  'POST /api/v1/install/tickets',
  'GET /api/v1/install/tickets/:ticketId',
  'POST /api/v1/install/tickets/:ticketId/confirm',
  'POST /api/v1/install/disconnect',
  'PUT /api/v1/settings/editable-properties',
  'GET /api/v1/settings/contact-properties',
];

describeEngines('admin routes', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    // The production wiring, so install, identity and settings routes are served too.
    t = await startAccountsApp(ctx.db, {}, { wiring: 'full' });
  });
  afterAll(async () => t.close());

  it('finds every admin route from the app itself, including install, identity and settings', () => {
    const ids = t.app.adminRoutes.map((r) => `${r.method} ${r.url}`);
    expect(ids).toEqual(expect.arrayContaining(ADMIN_ROUTES_AT_LEAST));
    // Member routes are not on it: the list is the admin hook's, not "everything signed in".
    for (const memberRoute of ['GET /api/v1/me', 'GET /api/v1/install', 'GET /api/v1/settings/editable-properties', 'GET /api/v1/identity/me']) expect(ids).not.toContain(memberRoute);
  });

  it('a member gets 403 forbidden on every admin route and method, with or without a valid body, and nothing changes', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const before = await ctx.db.handle.db.selectFrom('members').selectAll().where('workspace_id', '=', admin.workspace.id).orderBy('id').execute();
    const audited = () => ctx.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', admin.workspace.id).where('action', '=', 'access.denied').execute();
    expect(t.app.adminRoutes.length).toBeGreaterThanOrEqual(ADMIN_ROUTES_AT_LEAST.length);
    for (const { method, url } of t.app.adminRoutes) {
      // Any id will do: the hook refuses before the route reads its parameters.
      const path = url.replace(':memberId', admin.member.id).replace(/:[A-Za-z]+/g, randomUUID());
      for (const body of [undefined, { role: 'member' }, { email: 'x@example.test', role: 'admin' }, { force: true }, { replace: true }, '{bad json']) {
        const res = await t.app.inject({
          method: method as 'GET',
          url: path,
          headers: { authorization: `Bearer ${member.token}`, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined && method !== 'GET' ? { payload: body as string } : {}),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
      // Without a token it is 401, never a hint of what the route does.
      expect((await t.app.inject({ method: method as 'GET', url: path })).statusCode).toBe(401);
    }
    const after = await ctx.db.handle.db.selectFrom('members').selectAll().where('workspace_id', '=', admin.workspace.id).orderBy('id').execute();
    expect(after).toEqual(before);
    // Each refused route is on record once (six attempts each, one row: de-duplicated per window).
    const rows = await audited();
    expect(rows.map((r) => r.target_id).sort()).toEqual(t.app.adminRoutes.map((r) => `${r.method} ${r.url}`).sort());
    for (const r of rows) expect(r).toMatchObject({ actor_member_id: member.member.id, result: 'denied', target_type: 'route' });
  });

  it('an admin changes roles; the new role applies to the next request', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const up = await call(t.app, 'PUT', `/api/v1/members/${member.member.id}/role`, { token: admin.token, body: { role: 'admin' } });
    expect(up.statusCode).toBe(200);
    expect(MemberResponse.parse(up.json()).member.role).toBe('admin');
    expect((await call(t.app, 'GET', '/api/v1/members', { token: member.token })).statusCode).toBe(200);
    const down = await call(t.app, 'PUT', `/api/v1/members/${member.member.id}/role`, { token: admin.token, body: { role: 'member' } });
    expect(down.statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/members', { token: member.token })).statusCode).toBe(403);
  });

  it('the last active admin can be neither demoted nor disabled, including by themselves', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    for (const [method, url, body] of [
      ['PUT', `/api/v1/members/${admin.member.id}/role`, { role: 'member' }],
      ['POST', `/api/v1/members/${admin.member.id}/disable`, undefined],
    ] as const) {
      const res = await call(t.app, method, url, { token: admin.token, ...(body ? { body } : {}) });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('last_admin');
    }
    // A disabled or invited admin does not count: promote an invitee, still last_admin.
    const invited = await invite(t.app, admin.token, { role: 'admin' });
    expect(invited.member.role).toBe('admin');
    expect((await call(t.app, 'PUT', `/api/v1/members/${admin.member.id}/role`, { token: admin.token, body: { role: 'member' } })).json().error.code).toBe('last_admin');
    // With a second active admin, the first may step down.
    await call(t.app, 'PUT', `/api/v1/members/${member.member.id}/role`, { token: admin.token, body: { role: 'admin' } });
    expect((await call(t.app, 'PUT', `/api/v1/members/${admin.member.id}/role`, { token: admin.token, body: { role: 'member' } })).statusCode).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/members/${member.member.id}/disable`, { token: member.token })).json().error.code).toBe('last_admin');
  });

  it('two admins demoting each other at once: one admin remains', async () => {
    const a = await createWorkspace(t.app);
    const b = await inviteAndAccept(t.app, a.token, 'admin');
    const results = await Promise.all([
      call(t.app, 'PUT', `/api/v1/members/${b.member.id}/role`, { token: a.token, body: { role: 'member' } }),
      call(t.app, 'PUT', `/api/v1/members/${a.member.id}/role`, { token: b.token, body: { role: 'member' } }),
      call(t.app, 'POST', `/api/v1/members/${a.member.id}/disable`, { token: b.token }),
    ]);
    expect(results.some((r) => r.statusCode === 200)).toBe(true);
    const admins = await ctx.db.handle.db
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', a.workspace.id)
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    expect(admins.length).toBeGreaterThanOrEqual(1);
  });

  it('disabling a member ends all their sessions at once and blocks sign-in; enabling lets them back', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const second = (await signIn(t.app, member.email, member.password)).json().token as string;
    const res = await call(t.app, 'POST', `/api/v1/members/${member.member.id}/disable`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json().member.status).toBe('disabled');
    for (const token of [member.token, second]) expect((await call(t.app, 'GET', '/api/v1/me', { token })).json().error.code).toBe('session_expired');
    const denied = await signIn(t.app, member.email, member.password);
    expect(denied.statusCode).toBe(403);
    expect((await signIn(t.app, member.email, 'wrong password here')).json().error.code).toBe('invalid_credentials');
    const enabled = await call(t.app, 'POST', `/api/v1/members/${member.member.id}/enable`, { token: admin.token });
    expect(enabled.json().member.status).toBe('active');
    expect((await signIn(t.app, member.email, member.password)).statusCode).toBe(200);
    // Old sessions stay dead after re-enabling.
    expect((await call(t.app, 'GET', '/api/v1/me', { token: second })).statusCode).toBe(401);
  });

  it('unknown or malformed member ids are 404 / 400', async () => {
    const admin = await createWorkspace(t.app);
    const missing = await call(t.app, 'POST', `/api/v1/members/${randomUUID()}/disable`, { token: admin.token });
    expect(missing.statusCode).toBe(404);
    const bad = await call(t.app, 'POST', '/api/v1/members/not-a-uuid/disable', { token: admin.token });
    expect(bad.statusCode).toBe(400);
  });

  it('admin actions are audited with the actor', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    await call(t.app, 'PUT', `/api/v1/members/${member.member.id}/role`, { token: admin.token, body: { role: 'admin' } });
    await call(t.app, 'POST', `/api/v1/members/${member.member.id}/disable`, { token: admin.token });
    const rows = await ctx.db.handle.db.selectFrom('audit_log').selectAll().where('target_id', '=', member.member.id).where('actor_member_id', '=', admin.member.id).execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['member.disabled', 'member.invited', 'member.role_changed']);
    const disabled = rows.find((r) => r.action === 'member.disabled')!;
    expect(JSON.parse(disabled.details)).toEqual({ sessionsRevoked: 1 });
    expect(disabled.correlation_id).toEqual(expect.any(String));
  });
});

describe('workspace sign-up modes', () => {
  // Configuration logic, not SQL: one engine is enough.
  it('"first" allows only the first workspace; "closed" allows none', async () => {
    const { createTestDatabase } = await import('../helpers/engines');
    const db = await createTestDatabase('sqlite');
    try {
      const first = await startAccountsApp(db, { WORKSPACE_SIGNUP: 'first' });
      await createWorkspace(first.app);
      const second = await call(first.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'B', email: 'b@example.test' } });
      expect(second.statusCode).toBe(403);
      await first.close();
      const closed = await startAccountsApp(db, { WORKSPACE_SIGNUP: 'closed' });
      const res = await call(closed.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'C', email: 'c@example.test' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      await closed.close();
    } finally {
      await db.destroy();
    }
  });
});
