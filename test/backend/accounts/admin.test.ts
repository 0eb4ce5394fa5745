import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberResponse } from '../../../lib/api/accounts';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, invite, inviteAndAccept, signIn, startAccountsApp, type TestApp } from '../helpers/accounts-app';

const ADMIN_ROUTES_EXPECTED = [
  'GET /api/v1/audit/export',
  'GET /api/v1/members',
  'POST /api/v1/members',
  'PUT /api/v1/members/:memberId/role',
  'POST /api/v1/members/:memberId/disable',
  'POST /api/v1/members/:memberId/enable',
  'POST /api/v1/members/:memberId/reset-access',
];

describeEngines('admin routes', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
  });
  afterAll(async () => t.close());

  it('lists exactly the admin routes we expect (a new one must be added here and tested below)', () => {
    expect(t.app.adminRoutes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([...ADMIN_ROUTES_EXPECTED].sort());
  });

  it('a member gets 403 forbidden on every admin route and method, with or without a valid body, and nothing changes', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const before = await ctx.db.handle.db.selectFrom('members').selectAll().where('workspace_id', '=', admin.workspace.id).orderBy('id').execute();
    for (const { method, url } of t.app.adminRoutes) {
      const path = url.replace(':memberId', admin.member.id);
      for (const body of [undefined, { role: 'member' }, { email: 'x@example.test', role: 'admin' }, '{bad json']) {
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
      const second = await call(first.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'B', email: 'b@example.test', password: 'long enough pw' } });
      expect(second.statusCode).toBe(403);
      await first.close();
      const closed = await startAccountsApp(db, { WORKSPACE_SIGNUP: 'closed' });
      const res = await call(closed.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'C', email: 'c@example.test', password: 'long enough pw' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      await closed.close();
    } finally {
      await db.destroy();
    }
  });
});
