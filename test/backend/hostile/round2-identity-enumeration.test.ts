import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createWorkspace, invite, startAccountsApp, uniqueEmail, type SignedIn, type TestApp } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';

/**
 * Issue 14 items 4 and 14. Sign-up and invites answer the same for an address with an account
 * and one without, with the limit taken before any lookup; names refuse control and bidi
 * characters, passwords lone surrogates — everywhere they are accepted.
 */
let ipSeq = 0;
const freshIp = () => `198.18.${Math.floor(ipSeq / 200) % 200}.${(ipSeq++ % 200) + 1}`;
/** A body with the address replaced, so two answers can be compared as shapes and words. */
const shape = (body: string, email: string) => body.split(email).join('<email>');

describeEngines('round 2: no account enumeration, no deceptive names', (e) => {
  let t: TestApp;
  let existing: SignedIn;

  beforeAll(async () => {
    t = await startAccountsApp(e.db);
    existing = await createWorkspace(t.app);
  });
  afterAll(() => t?.close());

  const signUp = (email: string, ip: string, extra: Record<string, unknown> = {}) =>
    call(t.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: 'Probe', email, ...extra }, ip });

  it('sign-up answers an existing and a new email with the same status and body, and runs no KDF', async () => {
    const kdf = t.kdfCalls();
    const fresh = uniqueEmail('fresh');
    const a = await signUp(existing.email, freshIp());
    const b = await signUp(fresh, freshIp());
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(a.statusCode);
    expect(shape(a.body, existing.email)).toBe(shape(b.body, fresh));
    expect(t.kdfCalls()).toBe(kdf);
    // Only the mails differ: the new address gets a code, the existing one "if it was you, sign in".
    expect(t.mail.last(fresh)?.text).toMatch(/\d{8}/);
    expect(t.mail.last(existing.email)?.text).toMatch(/sign in/);
  });

  it('the per-address limit is taken before the lookup: once spent, an existing email is refused exactly like a new one', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await signUp(uniqueEmail('burst'), ip)).statusCode).toBe(202);
    const known = await signUp(existing.email, ip);
    const unknown = await signUp(uniqueEmail('after'), ip);
    expect(known.statusCode).toBe(429);
    expect(unknown.statusCode).toBe(429);
    expect(known.json().error.code).toBe(unknown.json().error.code);
  });

  it('the per-email limit holds across addresses, for an existing email as for a new one', async () => {
    // Each address has asked once: the account's creation, and a first request for the new one.
    const account = await createWorkspace(t.app);
    const fresh = uniqueEmail('target');
    expect((await signUp(fresh, freshIp())).statusCode).toBe(202);
    for (const email of [account.email, fresh]) {
      for (let i = 1; i < 10; i++) expect((await signUp(email, freshIp())).statusCode).toBe(202);
      expect((await signUp(email, freshIp())).statusCode).toBe(429);
    }
  });

  it('an invite answers the same whether or not the email has an account elsewhere; the conflict reaches only the invitee, at acceptance', async () => {
    const admin = await createWorkspace(t.app);
    const fresh = uniqueEmail('newcomer');
    const a = await call(t.app, 'POST', '/api/v1/members', { token: admin.token, body: { email: existing.email, role: 'member' } });
    const b = await call(t.app, 'POST', '/api/v1/members', { token: admin.token, body: { email: fresh, role: 'member' } });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    // Equal but for the member id, the address and the code.
    const strip = (r: typeof a) => {
      const j = r.json();
      return { member: { ...j.member, id: '<id>', email: '<email>' }, invite: { code: '<code>', expiresAt: j.invite.expiresAt } };
    };
    expect(strip(a)).toEqual(strip(b));
    const accept = await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: a.json().invite.code, password: 'a second account' } });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().error.code).toBe('conflict');
  });

  it('a sign-up code is single use, expires, and a code for one address does not create another', async () => {
    const email = uniqueEmail('coded');
    const ip = freshIp();
    await signUp(email, ip);
    const code = /(\d{8})/.exec(t.mail.last(email)!.text)![1]!;
    const other = uniqueEmail('other');
    expect((await call(t.app, 'POST', '/api/v1/workspaces/verify', { body: { email: other, code, password: 'long enough pw' }, ip })).json().error.code).toBe('code_invalid');
    t.clock.advance(16 * 60_000);
    expect((await call(t.app, 'POST', '/api/v1/workspaces/verify', { body: { email, code, password: 'long enough pw' }, ip })).json().error.code).toBe('code_invalid');
    await signUp(email, ip);
    const fresh = /(\d{8})/.exec(t.mail.last(email)!.text)![1]!;
    expect((await call(t.app, 'POST', '/api/v1/workspaces/verify', { body: { email, code: fresh, password: 'long enough pw' }, ip })).statusCode).toBe(201);
    expect((await call(t.app, 'POST', '/api/v1/workspaces/verify', { body: { email, code: fresh, password: 'long enough pw' }, ip })).json().error.code).toBe('code_invalid');
  });

  const BAD_NAMES = ['Acme\u202Emoc.evil', 'Acme\u0000', 'Tab\there', 'Acme\u2066isolate', 'Lone\uD800'];

  it('workspace names with control or bidi characters are refused at sign-up', async () => {
    for (const name of BAD_NAMES) {
      const r = await call(t.app, 'POST', '/api/v1/workspaces', { body: { workspaceName: name, email: uniqueEmail('bidi') }, ip: freshIp() });
      expect(r.statusCode, JSON.stringify(name)).toBe(400);
      expect(r.json().error.message).toMatch(/control|bidi|invalid character/);
    }
  });

  it('display names with control or bidi characters are refused in me update, invites and invite acceptance', async () => {
    const admin = await createWorkspace(t.app);
    for (const name of BAD_NAMES) {
      expect((await call(t.app, 'PATCH', '/api/v1/me', { token: admin.token, body: { displayName: name } })).statusCode, JSON.stringify(name)).toBe(400);
      expect((await call(t.app, 'POST', '/api/v1/members', { token: admin.token, body: { email: uniqueEmail('n'), role: 'member', displayName: name } })).statusCode).toBe(400);
    }
    const inv = await invite(t.app, admin.token);
    for (const name of BAD_NAMES) {
      expect((await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'long enough pw', displayName: name } })).statusCode).toBe(400);
    }
    expect((await call(t.app, 'GET', '/api/v1/me', { token: admin.token })).json().member.displayName).toBeNull();
  });

  it('passwords with a lone surrogate are refused at sign-up, invite acceptance, password change and sign-in', async () => {
    const lone = 'long enough \uD800 pw';
    const admin = await createWorkspace(t.app);
    const email = uniqueEmail('lone');
    const ip = freshIp();
    await signUp(email, ip);
    const code = /(\d{8})/.exec(t.mail.last(email)!.text)![1]!;
    expect((await call(t.app, 'POST', '/api/v1/workspaces/verify', { body: { email, code, password: lone }, ip })).statusCode).toBe(400);
    const inv = await invite(t.app, admin.token);
    expect((await call(t.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: lone } })).statusCode).toBe(400);
    expect((await call(t.app, 'POST', '/api/v1/me/password', { token: admin.token, body: { currentPassword: admin.password, newPassword: lone } })).statusCode).toBe(400);
    expect((await call(t.app, 'POST', '/api/v1/auth/sign-in', { body: { email: admin.email, password: lone } })).statusCode).toBe(400);
  });
});
