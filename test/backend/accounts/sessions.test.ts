import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../../backend/security/tokens';
import { MeResponse, SessionResponse } from '../../../lib/contract/api/accounts';
import { describeEngines } from '../helpers/engines';
import { call, createWorkspace, signIn, startAccountsApp, type TestApp } from '../helpers/accounts-app';

const HOUR = 3600_000;

describeEngines('sessions', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAccountsApp(ctx.db);
  });
  afterAll(async () => t.close());

  it('creating a workspace makes its creator a verified admin, signed in', async () => {
    const ws = await createWorkspace(t.app, { workspaceName: 'Northwind' });
    expect(SessionResponse.parse(ws).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ws.member).toMatchObject({ role: 'admin', status: 'active', emailVerified: true, email: ws.email });
    expect(ws.session).toEqual({ expiresAt: new Date(t.clock.ms + 24 * HOUR).toISOString(), idleTimeoutSeconds: 12 * 3600, staySignedIn: false });
    const me = await call(t.app, 'GET', '/api/v1/me', { token: ws.token });
    expect(me.statusCode).toBe(200);
    expect(MeResponse.parse(me.json())).toMatchObject({ member: { id: ws.member.id }, workspace: { name: 'Northwind' } });
  });

  it('normalises the email (case, spaces) and never trims the password', async () => {
    const ws = await createWorkspace(t.app, { email: '  Mixed.Case@Example.TEST ', password: ' spaced password ' });
    expect(ws.member.email).toBe('mixed.case@example.test');
    expect((await signIn(t.app, 'MIXED.case@example.test', ' spaced password ')).statusCode).toBe(200);
    expect((await signIn(t.app, 'mixed.case@example.test', 'spaced password')).statusCode).toBe(401);
  });

  it('stores only the SHA-256 of the token, and the stored hash is not a token', async () => {
    const ws = await createWorkspace(t.app);
    const rows = await ctx.db.handle.db.selectFrom('sessions').selectAll().where('member_id', '=', ws.member.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(ws.token));
    expect(JSON.stringify(rows)).not.toContain(ws.token);
    const stored = rows[0]!.token_hash;
    const asBase64url = Buffer.from(stored, 'hex').toString('base64url'); // 43 chars, token-shaped
    for (const candidate of [stored, asBase64url, stored.toUpperCase()]) {
      const res = await call(t.app, 'GET', '/api/v1/me', { token: candidate });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('answers 401 unauthenticated without a token or with a malformed/unknown one', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer' }, { authorization: `Bearer ${'a'.repeat(43)}` }, { authorization: `Bearer ${'a'.repeat(5000)}` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    }
  });

  it('expires after the idle timeout, and activity (touched at most once a minute) keeps it alive', async () => {
    const ws = await createWorkspace(t.app);
    const lastSeen = async () =>
      (await ctx.db.handle.db.selectFrom('sessions').select('last_seen_at').where('member_id', '=', ws.member.id).executeTakeFirstOrThrow()).last_seen_at;
    const created = await lastSeen();
    t.clock.advance(30_000);
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200);
    expect(await lastSeen()).toBe(created); // within the touch interval: no write
    t.clock.advance(11 * HOUR);
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200);
    expect(await lastSeen()).toBe(t.clock.ms); // touched
    t.clock.advance(11 * HOUR); // 22 h after creation, 11 h idle: still fine
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200);
    t.clock.advance(12 * HOUR + 1);
    const res = await call(t.app, 'GET', '/api/v1/me', { token: ws.token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
  });

  it('expires at the absolute lifetime even when active', async () => {
    const ws = await createWorkspace(t.app);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(6 * HOUR);
      const res = await call(t.app, 'GET', '/api/v1/me', { token: ws.token });
      expect(res.statusCode).toBe(i < 3 ? 200 : 401);
      if (i === 3) expect(res.json().error.code).toBe('session_expired');
    }
  });

  it('"stay signed in" lasts 30 days and survives a night of idleness', async () => {
    const ws = await createWorkspace(t.app, { staySignedIn: true });
    expect(ws.session.staySignedIn).toBe(true);
    expect(ws.session.expiresAt).toBe(new Date(t.clock.ms + 30 * 24 * HOUR).toISOString());
    t.clock.advance(20 * HOUR);
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200);
    for (let day = 0; day < 30; day++) {
      t.clock.advance(24 * HOUR);
      const res = await call(t.app, 'GET', '/api/v1/me', { token: ws.token });
      if (res.statusCode !== 200) {
        expect(res.json().error.code).toBe('session_expired');
        expect(day).toBeGreaterThanOrEqual(28);
        return;
      }
    }
    throw new Error('session never expired');
  });

  it('sign-out revokes the token at once; other sessions stay', async () => {
    const ws = await createWorkspace(t.app);
    const second = (await signIn(t.app, ws.email, ws.password)).json().token as string;
    const out = await call(t.app, 'POST', '/api/v1/auth/sign-out', { token: ws.token });
    expect(out.statusCode).toBe(204);
    const res = await call(t.app, 'GET', '/api/v1/me', { token: ws.token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
    expect((await call(t.app, 'POST', '/api/v1/auth/sign-out', { token: ws.token })).statusCode).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/me', { token: second })).statusCode).toBe(200);
  });

  it('changing the password ends every other session, keeps this one, and needs the current password', async () => {
    const ws = await createWorkspace(t.app);
    const other = (await signIn(t.app, ws.email, ws.password)).json().token as string;
    const wrong = await call(t.app, 'POST', '/api/v1/me/password', { token: ws.token, body: { currentPassword: 'not-it-at-all', newPassword: 'a brand new pass' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200); // still signed in
    const res = await call(t.app, 'POST', '/api/v1/me/password', { token: ws.token, body: { currentPassword: ws.password, newPassword: 'a brand new pass' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ otherSessionsRevoked: 1 });
    expect((await call(t.app, 'GET', '/api/v1/me', { token: other })).json().error.code).toBe('session_expired');
    expect((await call(t.app, 'GET', '/api/v1/me', { token: ws.token })).statusCode).toBe(200);
    expect((await signIn(t.app, ws.email, ws.password)).statusCode).toBe(401);
    expect((await signIn(t.app, ws.email, 'a brand new pass')).statusCode).toBe(200);
    const audit = await ctx.db.handle.db.selectFrom('audit_log').select('action').where('actor_member_id', '=', ws.member.id).execute();
    expect(audit.map((a) => a.action)).toContain('member.password_changed');
  });

  it('a member cannot change their own email (display name only)', async () => {
    const ws = await createWorkspace(t.app);
    const res = await call(t.app, 'PATCH', '/api/v1/me', { token: ws.token, body: { displayName: 'Ada', email: 'evil@example.test' } });
    expect(res.statusCode).toBe(400);
    const ok = await call(t.app, 'PATCH', '/api/v1/me', { token: ws.token, body: { displayName: 'Ada' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().member).toMatchObject({ displayName: 'Ada', email: ws.email, emailVerified: true });
  });

  it('unknown and known emails get the same answer, both after one KDF run', async () => {
    const ws = await createWorkspace(t.app);
    const before = t.kdfCalls();
    const known = await signIn(t.app, ws.email, 'wrong password!', { ip: '10.9.0.1' });
    const unknown = await signIn(t.app, 'nobody.here@example.test', 'wrong password!', { ip: '10.9.0.1' });
    expect(t.kdfCalls() - before).toBe(2);
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(known.json()).toEqual(unknown.json());
    expect(known.json().error.code).toBe('invalid_credentials');
  });

  it('a creator email already in use anywhere on the server gets the same 202; its mail says "sign in" and holds no code', async () => {
    const ws = await createWorkspace(t.app);
    const res = await call(t.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'Other', email: ws.email.toUpperCase() } });
    expect(res.statusCode).toBe(202);
    const mail = t.mail.last(ws.email);
    expect(mail?.subject).toMatch(/tried to create/);
    expect(mail?.text).not.toMatch(/\d{8}/);
  });
});

