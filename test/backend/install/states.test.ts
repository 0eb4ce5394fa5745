import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { begin, callback, consent, expectNoSecrets, installAs, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from './harness';

const acme = SEED.portals.acme;
const su = acme.users.superAdmin.userId;

describeEngines('install: tickets and states', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  it('rejects a missing, malformed or unknown state without touching any ticket', async () => {
    expect((await callback(h, '/install/callback?code=abc', null)).outcome).toBe('state_missing');
    expect((await callback(h, '/install/callback?code=abc&state=short', null)).outcome).toBe('state_unknown');
    const unknown = await callback(h, `/install/callback?code=abc&state=${'A'.repeat(43)}`, null);
    expect(unknown).toMatchObject({ outcome: 'state_unknown', status: 400 });
    expect(unknown.headers['referrer-policy']).toBe('no-referrer');
  });

  it('a state is single use and the code is exchanged once (replayed callback)', async () => {
    const admin = await workspace(h);
    const before = h.sandbox.sandbox.control.counters().tokenExchanges;
    const run = await installAs(h, admin, acme.portalId, su);
    expect(run.outcome).toBe('connected');
    const replay = await callback(h, run.callbackUrl!, run.cookie);
    expect(replay.outcome).toBe('state_used');
    expect(h.sandbox.sandbox.control.counters().tokenExchanges).toBe(before + 1);
    // The replay did not change the finished ticket.
    expect((await ticket(h, admin, run.ticketId)).outcome?.code).toBe('connected');
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('the same code under a fresh state is refused by HubSpot (exchange_failed)', async () => {
    const admin = await workspace(h);
    const first = await installAs(h, admin, acme.portalId, su);
    expect(first.outcome).toBe('connected');
    const code = new URL(`http://x${first.callbackUrl}`).searchParams.get('code')!;
    const b = await begin(h, admin);
    const state = b.authorizeUrl!.searchParams.get('state')!;
    const r = await callback(h, `/install/callback?${new URLSearchParams({ code, state })}`, b.cookie);
    expect(r.outcome).toBe('exchange_failed');
    expect(r.html).toContain('Failed HubSpot call: token exchange');
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
  });

  it('rejects an expired state and expires the ticket', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const cb = await consent(h, b.authorizeUrl!, acme.portalId, su);
    h.clock.advance(11 * 60_000);
    const r = await callback(h, cb, b.cookie);
    expect(r.outcome).toBe('state_expired');
    expect((await ticket(h, admin, b.ticketId)).status).toBe('failed');
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
  });

  it('finishes only in the browser that started it; another workspace’s browser cannot complete it', async () => {
    const a = await workspace(h, 'A');
    const b = await workspace(h, 'B');
    const startA = await begin(h, a);
    const startB = await begin(h, b);
    const cbA = await consent(h, startA.authorizeUrl!, acme.portalId, su);
    expect((await callback(h, cbA, null)).outcome).toBe('state_mismatch');
    expect((await callback(h, cbA, startB.cookie)).outcome).toBe('state_mismatch');
    expect(await installRow(h, b.workspace.id)).toBeUndefined();
    expect(await installRow(h, a.workspace.id)).toBeUndefined();
    // The forged attempts did not burn A's state: A's own browser still completes it.
    expect((await callback(h, cbA, startA.cookie)).outcome).toBe('connected');
    expect((await installRow(h, a.workspace.id))?.portal_id).toBe(String(acme.portalId));
    await call(h.app, 'POST', '/api/v1/install/disconnect', { token: a.token, body: {} });
  });

  it('needs the admin session that minted the ticket to still stand', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const cb = await consent(h, b.authorizeUrl!, acme.portalId, su);
    expect((await call(h.app, 'POST', '/api/v1/auth/sign-out', { token: admin.token })).statusCode).toBe(204);
    const r = await callback(h, cb, b.cookie);
    expect(r.outcome).toBe('session_ended');
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
  });

  it('tickets are one-time, expire, and belong to the admin who made them', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
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
