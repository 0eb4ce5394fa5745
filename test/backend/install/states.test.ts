import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { begin, callbackPage, consent, expectNoSecrets, finishAs, handBack, installAs, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from './harness';

const acme = SEED.portals.acme;
const su = acme.users.superAdmin.userId;

describeEngines('install: tickets and states', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  it('the callback page exchanges nothing, whatever its state; it only says so', async () => {
    const before = h.sandbox.sandbox.control.counters().tokenExchanges;
    for (const url of ['/install/callback?code=abc', '/install/callback?code=abc&state=short', `/install/callback?code=abc&state=${'A'.repeat(43)}`]) {
      const page = await callbackPage(h, url);
      expect(page.status).toBe(400);
      expect(page.html).toContain('nothing was connected');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(h.sandbox.sandbox.control.counters().tokenExchanges).toBe(before);
  });

  it('a state is single use and the code is exchanged once (answer handed back twice)', async () => {
    const admin = await workspace(h);
    const before = h.sandbox.sandbox.control.counters().tokenExchanges;
    const run = await installAs(h, admin, acme.portalId, su);
    expect(run.outcome).toBe('connected');
    const replay = await handBack(h, admin.token, run.ticketId, run.callbackUrl!);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().outcome.code).toBe('connected');
    expect(h.sandbox.sandbox.control.counters().tokenExchanges).toBe(before + 1);
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('the same code under a fresh state is refused by HubSpot (exchange_failed)', async () => {
    const admin = await workspace(h);
    const first = await installAs(h, admin, acme.portalId, su);
    expect(first.outcome).toBe('connected');
    const code = new URL(`http://x${first.callbackUrl}`).searchParams.get('code')!;
    const b = await begin(h, admin);
    const state = b.authorizeUrl!.searchParams.get('state')!;
    const r = await finishAs(h, admin.token, b.ticketId, `/install/callback?${new URLSearchParams({ code, state })}`);
    expect(r.outcome).toBe('exchange_failed');
    expect(r.text).toContain('Failed HubSpot call: token exchange');
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('rejects an expired state and fails the ticket', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const cb = await consent(h, b.authorizeUrl!, acme.portalId, su);
    h.clock.advance(11 * 60_000);
    const r = await finishAs(h, admin.token, b.ticketId, cb);
    expect(r.outcome).toBe('state_expired');
    expect((await ticket(h, admin, b.ticketId)).status).toBe('failed');
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
  });

  it("a state handed back under another of the admin's tickets is refused and not burnt", async () => {
    const admin = await workspace(h);
    const first = await begin(h, admin);
    const cb = await consent(h, first.authorizeUrl!, acme.portalId, su);
    const other = await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body: {} });
    const wrong = await handBack(h, admin.token, other.json().ticketId, cb);
    expect(wrong.statusCode).toBe(409);
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
    expect((await finishAs(h, admin.token, first.ticketId, cb)).outcome).toBe('connected');
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('needs the admin to be signed in when the answer is handed back', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const cb = await consent(h, b.authorizeUrl!, acme.portalId, su);
    expect((await call(h.app, 'POST', '/api/v1/auth/sign-out', { token: admin.token })).statusCode).toBe(204);
    const r = await handBack(h, admin.token, b.ticketId, cb);
    expect(r.statusCode).toBe(401);
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
  });

  it('a start link whose admin signed out shows why, and its button fails the ticket', async () => {
    const admin = await workspace(h);
    const created = await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body: {} });
    const start = new URL(created.json().startUrl);
    expect((await call(h.app, 'POST', '/api/v1/auth/sign-out', { token: admin.token })).statusCode).toBe(204);
    const page = await h.app.inject({ method: 'GET', url: `${start.pathname}${start.search}` });
    expect(page.body).toContain('data-outcome="session_ended"');
    const { pressContinue } = await import('./harness');
    expect((await pressContinue(h, start.toString())).body).toContain('data-outcome="session_ended"');
  });

  it('tickets are one-time, expire, and belong to the admin who made them', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    expect(b.page.statusCode).toBe(200);
    const again = await h.app.inject({ method: 'GET', url: `${new URL(b.startUrl).pathname}${new URL(b.startUrl).search}` });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('data-outcome="ticket_invalid"');
    expect((await h.app.inject({ method: 'GET', url: '/install/start' })).body).toContain('ticket_invalid');

    const late = await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body: {} });
    h.clock.advance(11 * 60_000);
    const lateUrl = new URL(late.json().startUrl);
    expect((await h.app.inject({ method: 'GET', url: `${lateUrl.pathname}${lateUrl.search}` })).body).toContain('ticket_invalid');
    expect((await ticket(h, admin, late.json().ticketId)).status).toBe('expired');

    const other = await workspace(h, 'Other');
    expect((await call(h.app, 'GET', `/api/v1/install/tickets/${b.ticketId}`, { token: other.token })).statusCode).toBe(404);
    expect((await call(h.app, 'GET', '/api/v1/install/tickets/not-a-uuid', { token: admin.token })).statusCode).toBe(400);
    expect((await call(h.app, 'POST', '/api/v1/install/tickets', { token: admin.token, body: { extra: 1 } })).statusCode).toBe(400);
  });

  it('leaks no secret in any of it', () => expectNoSecrets(h));
});
