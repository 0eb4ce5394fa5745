import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call, createWorkspace, invite, type SignedIn } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { lastCodeTo } from '../../helpers/mailbox';
import { startHostileStack, type HostileStack } from './stack';

/**
 * Issue 14 item 2: a link between a Portside member and a HubSpot user needs evidence — the
 * member's verified email equals the user's, or a code mailed to the user's HubSpot address is
 * entered by the member. An admin may still link without it: the link is stored `unverified`,
 * shown as such to the admin and the rep, and audited as `identity.link_unverified`.
 */
const ACME = SEED.portals.acme;
const U = ACME.users;

describeEngines('round 2: who is who (HubSpot links need evidence)', (e) => {
  let s: HostileStack;
  let admin: SignedIn;

  const audit = (action: string) => e.db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const link = (memberId: string, hubspotUserId: number) =>
    call(s.app, 'PUT', `/api/v1/identity/members/${memberId}/link`, { token: admin.token, body: { hubspotUserId: String(hubspotUserId) } });
  const me = (token: string) => call(s.app, 'GET', '/api/v1/identity/me', { token });
  async function join(email: string): Promise<{ token: string; memberId: string }> {
    const inv = await invite(s.app, admin.token, { email });
    const acc = await call(s.app, 'POST', '/api/v1/invites/accept', { body: { code: inv.invite.code, password: 'a member passphrase' } });
    expect(acc.statusCode, acc.body).toBe(200);
    return { token: acc.json().token, memberId: acc.json().member.id };
  }

  beforeAll(async () => {
    s = await startHostileStack(e.db, { logLevel: 'info' });
    admin = await createWorkspace(s.app, { email: U.superAdmin.email, workspaceName: 'Acme' });
    await s.install(admin.token, ACME.portalId, U.superAdmin.userId);
  });
  afterAll(() => s?.close());

  it('an admin linking themself to another HubSpot user gets an unverified link, marked for admin and rep, and audited (no code)', async () => {
    const r = await link(admin.member.id, U.everything.userId);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().link).toMatchObject({ userId: String(U.everything.userId), evidence: 'unverified' });
    expect((await me(admin.token)).json().hubspotUser).toMatchObject({ userId: String(U.everything.userId), evidence: 'unverified', linkEvidence: 'unverified' });
    const rows = (await audit('identity.link_unverified')).filter((x) => x.target_id === admin.member.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_member_id: admin.member.id, result: 'ok' });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ hubspotUserId: String(U.everything.userId), memberId: admin.member.id });
  });

  it("the admin's own verified email (proven at sign-up) equal to the HubSpot user's proves the link", async () => {
    const r = await link(admin.member.id, U.superAdmin.userId);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().link).toMatchObject({ userId: String(U.superAdmin.userId), evidence: 'verified_email' });
    expect((await audit('identity.link_unverified')).filter((x) => x.target_id === admin.member.id)).toHaveLength(1);
  });

  it('an invited member is not verified by accepting; verifying the email by code later proves a link to that address', async () => {
    const m = await join(U.marketplace.email);
    expect((await call(s.app, 'GET', '/api/v1/me', { token: m.token })).json().member.emailVerified).toBe(false);
    expect((await link(m.memberId, U.marketplace.userId)).json().link.evidence).toBe('unverified');
    expect((await call(s.app, 'POST', '/api/v1/me/email/code', { token: m.token, body: {} })).statusCode).toBe(202);
    const code = lastCodeTo(s.mail.sent, U.marketplace.email);
    const wrong = code === '00000000' ? '00000001' : '00000000';
    expect((await call(s.app, 'POST', '/api/v1/me/email/verify', { token: m.token, body: { code: wrong } })).json().error.code).toBe('code_invalid');
    const ok = await call(s.app, 'POST', '/api/v1/me/email/verify', { token: m.token, body: { code } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().member.emailVerified).toBe(true);
    expect((await me(m.token)).json().hubspotUser.evidence).toBe('verified_email');
    // Single use: the same code again is refused.
    expect((await call(s.app, 'POST', '/api/v1/me/email/verify', { token: m.token, body: { code } })).json().error.code).toBe('code_invalid');
  });

  it('code proof: a code mailed to the HubSpot user proves the link; wrong, reused, expired and over-tried codes are refused', async () => {
    const m = await join('someone.else@elsewhere.example');
    expect((await link(m.memberId, U.childTeam.userId)).json().link.evidence).toBe('unverified');
    const ask = () => call(s.app, 'POST', '/api/v1/identity/me/link-proof', { token: m.token, body: {} });
    const verify = (code: string) => call(s.app, 'POST', '/api/v1/identity/me/link-proof/verify', { token: m.token, body: { code } });

    // Expired.
    expect((await ask()).json()).toMatchObject({ sentTo: U.childTeam.email });
    const expired = lastCodeTo(s.mail.sent, U.childTeam.email);
    await e.db.handle.db.updateTable('verification_codes' as never).set({ expires_at: Date.now() - 1 } as never).where('purpose' as never, '=', 'link' as never).execute();
    expect((await verify(expired)).json().error.code).toBe('code_invalid');

    // Five wrong guesses spend the code, even for the right one after them.
    await ask();
    const tried = lastCodeTo(s.mail.sent, U.childTeam.email);
    const wrong = tried === '00000000' ? '00000001' : '00000000';
    for (let i = 0; i < 5; i++) expect((await verify(wrong)).json().error.code).toBe('code_invalid');
    expect((await verify(tried)).json().error.code).toBe('code_invalid');

    // The right code, once.
    await ask();
    const code = lastCodeTo(s.mail.sent, U.childTeam.email);
    const proven = await verify(code);
    expect(proven.statusCode, proven.body).toBe(200);
    expect(proven.json().hubspotUser).toMatchObject({ userId: String(U.childTeam.userId), evidence: 'code_proof' });
    expect((await verify(code)).statusCode).toBe(400);
    const people = await call(s.app, 'GET', '/api/v1/identity/members', { token: admin.token });
    expect(people.json().members.find((x: { memberId: string }) => x.memberId === m.memberId).link.evidence).toBe('code_proof');

    // No code in any audit row or log line.
    const rows = await e.db.handle.db.selectFrom('audit_log').select('details').execute();
    for (const c of [expired, tried, code]) {
      expect(rows.filter((r) => r.details.includes(c))).toEqual([]);
      expect(s.logs.filter((l) => l.includes(c))).toEqual([]);
    }
  });

  it('a member can only prove their own link: with no link there is nothing to prove', async () => {
    const m = await join('not.linked@elsewhere.example');
    const r = await call(s.app, 'POST', '/api/v1/identity/me/link-proof', { token: m.token, body: {} });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('not_linked');
  });
});

