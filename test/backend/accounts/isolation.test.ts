import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, invite, inviteAndAccept, startAccountsApp, type SignedIn, type TestApp } from '../helpers/accounts-app';

/**
 * Workspace A's admin knows (or guesses) ids from workspace B. Every admin route must answer as
 * if the id did not exist, and B must be unchanged afterwards.
 */
describeEngines('workspace isolation', (ctx) => {
  let t: TestApp;
  let a: SignedIn;
  let b: SignedIn;
  let bMember: SignedIn;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
    a = await createWorkspace(t.app, { workspaceName: 'A' });
    b = await createWorkspace(t.app, { workspaceName: 'B' });
    bMember = await inviteAndAccept(t.app, b.token);
  });
  afterAll(async () => t.close());

  const snapshot = async () => ({
    members: await ctx.db.handle.db.selectFrom('members').selectAll().where('workspace_id', '=', b.workspace.id).orderBy('id').execute(),
    sessions: await ctx.db.handle.db.selectFrom('sessions').selectAll().where('workspace_id', '=', b.workspace.id).orderBy('id').execute(),
    invites: await ctx.db.handle.db.selectFrom('invites').selectAll().where('workspace_id', '=', b.workspace.id).orderBy('id').execute(),
  });

  it("A's admin cannot read B's members", async () => {
    const list = await call(t.app, 'GET', '/api/v1/members', { token: a.token });
    const ids = list.json().members.map((m: { id: string }) => m.id);
    expect(ids).toEqual([a.member.id]);
    expect(JSON.stringify(list.json())).not.toContain(b.email);
  });

  it("A's admin cannot change, disable, enable, reset or demote anyone in B", async () => {
    const before = await snapshot();
    for (const target of [b.member.id, bMember.member.id]) {
      const attempts = [
        call(t.app, 'PUT', `/api/v1/members/${target}/role`, { token: a.token, body: { role: 'member' } }),
        call(t.app, 'PUT', `/api/v1/members/${target}/role`, { token: a.token, body: { role: 'admin' } }),
        call(t.app, 'POST', `/api/v1/members/${target}/disable`, { token: a.token }),
        call(t.app, 'POST', `/api/v1/members/${target}/enable`, { token: a.token }),
        call(t.app, 'POST', `/api/v1/members/${target}/reset-access`, { token: a.token }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    }
    expect(await snapshot()).toEqual(before);
    expect((await call(t.app, 'GET', '/api/v1/me', { token: bMember.token })).statusCode).toBe(200);
  });

  it('a workspace id in the body or query is ignored: the session decides', async () => {
    const res = await call(t.app, 'POST', '/api/v1/members', { token: a.token, body: { email: 'sneaky@example.test', role: 'admin', workspaceId: b.workspace.id } });
    expect(res.statusCode).toBe(400); // strict body: unknown field
    const ok = await invite(t.app, a.token, { email: 'placed@example.test' });
    const row = await ctx.db.handle.db.selectFrom('members').select('workspace_id').where('id', '=', ok.member.id).executeTakeFirstOrThrow();
    expect(row.workspace_id).toBe(a.workspace.id);
    const q = await call(t.app, 'GET', `/api/v1/members?workspaceId=${b.workspace.id}`, { token: a.token });
    expect(q.json().members.map((m: { email: string }) => m.email)).not.toContain(b.email);
  });

  it("B's member sees B only in /me", async () => {
    const me = (await call(t.app, 'GET', '/api/v1/me', { token: bMember.token })).json();
    expect(me.workspace.id).toBe(b.workspace.id);
  });
});
