import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../../backend/security/tokens';
import { InviteCreatedResponse, InviteInfoResponse, MemberListResponse } from '../../../lib/contract/api/accounts';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, invite, inviteAndAccept, signIn, startAccountsApp, type TestApp } from '../helpers/accounts-app';

const DAY = 24 * 3600_000;

describeEngines('invites', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
  });
  afterAll(async () => t.close());

  it('an admin invites; the code is shown once, only its hash is stored, and the mail hook gets it', async () => {
    const admin = await createWorkspace(t.app, { workspaceName: 'Invite Co' });
    const inv = await invite(t.app, admin.token, { role: 'member' });
    expect(InviteCreatedResponse.parse(inv).member).toMatchObject({ status: 'invited', emailVerified: false, role: 'member' });
    expect(inv.invite.expiresAt).toBe(new Date(t.clock.ms + 7 * DAY).toISOString());
    const rows = await ctx.db.handle.db.selectFrom('invites').selectAll().where('member_id', '=', inv.member.id).execute();
    expect(rows.map((r) => r.token_hash)).toEqual([hashToken(inv.invite.code)]);
    expect(JSON.stringify(rows)).not.toContain(inv.invite.code);
    const notice = t.invites.find((n) => n.email === inv.email);
    expect(notice).toMatchObject({ code: inv.invite.code, workspaceName: 'Invite Co', kind: 'invite', role: 'member' });
    // Listed as pending for admins; never with the code.
    const list = MemberListResponse.parse((await call(t.app, 'GET', '/api/v1/members', { token: admin.token })).json());
    const listed = list.members.find((m) => m.id === inv.member.id);
    expect(listed?.invitePendingUntil).toBe(inv.invite.expiresAt);
    expect(JSON.stringify(list)).not.toContain(inv.invite.code);
  });

  it('inspect tells the accept screen who and where; accept sets the password and signs in, but does not verify the email (the admin handed the code over)', async () => {
    const admin = await createWorkspace(t.app, { workspaceName: 'Accept Co' });
    const inv = await invite(t.app, admin.token);
    const info = await call(t.app, 'POST', '/api/v1/invites/inspect', { body: { code: inv.invite.code } });
    expect(InviteInfoResponse.parse(info.json())).toEqual({ email: inv.email, workspaceName: 'Accept Co', role: 'member', expiresAt: inv.invite.expiresAt });
    const res = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'correct horse battery', displayName: 'Mia' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().member).toMatchObject({ email: inv.email, status: 'active', emailVerified: false, displayName: 'Mia', role: 'member' });
    expect((await call(t.app, 'GET', '/api/v1/me', { token: res.json().token })).statusCode).toBe(200);
    expect((await signIn(t.app, inv.email, 'correct horse battery')).statusCode).toBe(200);
  });

  it('an invite works once', async () => {
    const admin = await createWorkspace(t.app);
    const inv = await invite(t.app, admin.token);
    const first = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'first password' } });
    expect(first.statusCode).toBe(200);
    const second = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'second password' } });
    expect(second.statusCode).toBe(410);
    expect(second.json().error.code).toBe('invite_invalid');
    expect((await signIn(t.app, inv.email, 'second password')).statusCode).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/invites/inspect', { body: { code: inv.invite.code } })).statusCode).toBe(410);
  });

  it('two accepts racing for one code: exactly one wins', async () => {
    const admin = await createWorkspace(t.app);
    const inv = await invite(t.app, admin.token);
    const results = await Promise.all(
      ['race password one', 'race password two', 'race password three'].map((password) =>
        call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410]);
  });

  it('an invite expires', async () => {
    const admin = await createWorkspace(t.app);
    const inv = await invite(t.app, admin.token);
    t.clock.advance(7 * DAY + 1);
    const res = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'too late password' } });
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('invite_invalid');
  });

  it('an unknown code costs no KDF run', async () => {
    const before = t.kdfCalls();
    const res = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: 'x'.repeat(43), password: 'whatever password' } });
    expect(res.statusCode).toBe(410);
    expect(t.kdfCalls()).toBe(before);
  });

  it('inviting a member of one\'s own workspace again is a conflict; an account elsewhere surfaces only at acceptance', async () => {
    const admin = await createWorkspace(t.app);
    const inv = await invite(t.app, admin.token);
    const again = await call(t.app, 'POST', '/api/v1/members', { token: admin.token, body: { email: inv.email.toUpperCase(), role: 'member' } });
    expect(again.statusCode).toBe(409);
    const other = await createWorkspace(t.app);
    const elsewhere = await call(t.app, 'POST', '/api/v1/members', { token: other.token, body: { email: admin.email, role: 'admin' } });
    expect(elsewhere.statusCode).toBe(201);
    const accept = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: elsewhere.json().invite.code, password: 'second account pw' } });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('conflict');
    expect((await signIn(t.app, admin.email, admin.password)).json().workspace.id).toBe(admin.workspace.id);
  });

  it('reset access: old password and sessions stop at once, the old invite dies, the new code works', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const reset = await call(t.app, 'POST', `/api/v1/members/${member.member.id}/reset-access`, { token: admin.token });
    expect(reset.statusCode).toBe(201);
    const { invite: fresh } = InviteCreatedResponse.parse(reset.json());
    expect(t.invites.at(-1)).toMatchObject({ kind: 'reset', email: member.email, code: fresh.code });
    expect((await call(t.app, 'GET', '/api/v1/me', { token: member.token })).json().error.code).toBe('session_expired');
    expect((await signIn(t.app, member.email, member.password)).statusCode).toBe(401);
    // A second reset replaces the first code.
    const reset2 = InviteCreatedResponse.parse((await call(t.app, 'POST', `/api/v1/members/${member.member.id}/reset-access`, { token: admin.token })).json());
    expect((await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: fresh.code, password: 'stale code pass' } })).statusCode).toBe(410);
    const accepted = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: reset2.invite.code, password: 'new life password' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().member).toMatchObject({ id: member.member.id, emailVerified: false, status: 'active' });
    expect((await signIn(t.app, member.email, 'new life password')).statusCode).toBe(200);
  });

  it('disabling a member kills their pending invite', async () => {
    const admin = await createWorkspace(t.app);
    const inv = await invite(t.app, admin.token);
    expect((await call(t.app, 'POST', `/api/v1/members/${inv.member.id}/disable`, { token: admin.token })).statusCode).toBe(200);
    expect((await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'disabled person' } })).statusCode).toBe(410);
  });

  it('an invited admin becomes an admin', async () => {
    const admin = await createWorkspace(t.app);
    const second = await inviteAndAccept(t.app, admin.token, 'admin');
    expect(second.member.role).toBe('admin');
    expect((await call(t.app, 'GET', '/api/v1/members', { token: second.token })).statusCode).toBe(200);
  });

  it('writes an audit row for each step, with no secret in it', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    const rows = await ctx.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', admin.workspace.id).orderBy('created_at').execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['workspace.created', 'member.invited', 'invite.accepted']));
    const text = JSON.stringify(rows);
    for (const secret of [admin.token, admin.password, member.token, member.password]) expect(text).not.toContain(secret);
    for (const notice of t.invites) expect(text).not.toContain(notice.code);
  });

  it('logs never contain a password, token or invite code', async () => {
    const admin = await createWorkspace(t.app);
    const member = await inviteAndAccept(t.app, admin.token);
    await signIn(t.app, member.email, 'definitely-wrong-pw');
    await call(t.app, 'POST', '/api/v1/me/password', { token: member.token, body: { currentPassword: member.password, newPassword: 'rotated password 1' } });
    const logs = t.logs.join('\n');
    expect(logs).toContain('invite.created');
    for (const secret of [admin.token, admin.password, member.token, member.password, 'definitely-wrong-pw', 'rotated password 1']) {
      expect(logs).not.toContain(secret);
    }
    for (const notice of t.invites) expect(logs).not.toContain(notice.code);
  });
});
