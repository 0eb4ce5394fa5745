import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { auditActions, begin, consent, consentRefused, expectNoSecrets, finishAs, installAs, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from './harness';

const acme = SEED.portals.acme;
const free = SEED.portals.free;

describeEngines('install flow', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  it('connects a portal: callback notice, ticket result, status, audit', async () => {
    const admin = await workspace(h);
    const run = await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId);
    expect(run.outcome).toBe('connected');
    expect(run.status).toBe(200);
    expect(run.page.headers['referrer-policy']).toBe('no-referrer');
    expect(String(run.page.headers['content-security-policy'])).toMatch(/default-src 'none'.*script-src 'none'.*form-action 'none'/);
    expect(run.page.html).toContain(`Finishing in the Portside extension of ${admin.email}`);
    expect(run.text).toContain('HubSpot is connected');
    expect(run.text).toContain(`Hub ID: ${acme.portalId}`);
    expect(run.view?.installer).toEqual({ matches: false, hubspotEmail: acme.users.superAdmin.email, hubspotUserId: String(acme.users.superAdmin.userId), adminEmail: admin.email });

    const t = await ticket(h, admin, run.ticketId);
    expect(t).toMatchObject({ status: 'succeeded', outcome: { code: 'connected' } });
    expect(t.diagnostics).toMatchObject({
      hubId: String(acme.portalId),
      hubDomain: acme.domain,
      installingUser: { email: acme.users.superAdmin.email, id: String(acme.users.superAdmin.userId) },
      missingRequiredScopes: [],
      missingOptionalScopes: [],
    });
    expect(t.diagnostics!.authorize.scopes).toEqual(['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'oauth']);
    expect(t.diagnosticsText).toContain('Scopes requested (scope): crm.objects.contacts.read');

    const status = await call(h.app, 'GET', '/api/v1/install', { token: admin.token });
    expect(status.json()).toMatchObject({
      state: 'connected',
      portalId: String(acme.portalId),
      health: { installer: { email: acme.users.superAdmin.email, memberEmail: admin.email, matchesMember: false }, lastError: null },
    });
    const row = await installRow(h, admin.workspace.id);
    expect(row).toMatchObject({ portal_id: String(acme.portalId), status: 'connected', refresh_key_id: 'k1' });
    expect((await auditActions(h, admin.workspace.id)).map((a) => a.action)).toContain('install.connected');
    expectNoSecrets(h);
  });

  it('a refused install never comes back: after 2 minutes the ticket explains the likely causes with diagnostics, and a late approval still connects', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const page = await consentRefused(h, b.authorizeUrl!, free.portalId, free.users.member.userId);
    expect(page).toContain('You do not have the correct role to grant these permissions');
    // HubSpot said nothing to Portside: the ticket just waits.
    expect(await ticket(h, admin, b.ticketId)).toMatchObject({ status: 'started', outcome: null, diagnostics: null });
    h.clock.advance(119_000);
    expect((await ticket(h, admin, b.ticketId)).outcome).toBeNull();
    h.clock.advance(2_000);
    const silent = await ticket(h, admin, b.ticketId);
    expect(silent).toMatchObject({ status: 'started', outcome: { code: 'not_returned' }, diagnostics: { outcome: 'not_returned', ticketId: b.ticketId, hubId: null } });
    expect(silent.outcome!.text.explanation).toMatch(/not a Super Admin.*subscription does not include a permission.*cancelled or its tab closed/s);
    expect(silent.diagnostics!.startedAt).not.toBeNull();
    expect(silent.diagnostics!.authorize.scopes).toContain('crm.objects.contacts.read');
    expect(silent.diagnosticsText).toContain('Outcome: not_returned');
    // Someone with the right role approves in the same HubSpot tab: the ticket finishes as connected.
    const cb = await consent(h, b.authorizeUrl!, free.portalId, free.users.superAdmin.userId);
    const late = await finishAs(h, admin.token, b.ticketId, cb);
    expect(late.outcome).toBe('connected');
    expect(await ticket(h, admin, b.ticketId)).toMatchObject({ status: 'succeeded', outcome: { code: 'connected' } });
    expect((await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} })).statusCode).toBe(200);
  });

  it('a cancelled consent sends nothing back either; the ticket expires as not_returned', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    expect(await consentRefused(h, b.authorizeUrl!, acme.portalId, acme.users.superAdmin.userId, 'deny')).toContain('You cancelled the connection');
    h.clock.advance(10 * 60_000 + 1);
    expect(await ticket(h, admin, b.ticketId)).toMatchObject({ status: 'expired', outcome: { code: 'not_returned' } });
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
  });

  it('an error on the redirect (RFC 6749 allows it; HubSpot documents none) is shown as sent', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    const state = b.authorizeUrl!.searchParams.get('state')!;
    const run = await finishAs(h, admin.token, b.ticketId, `/install/callback?${new URLSearchParams({ state, error: 'access_denied', error_description: 'nope' })}`);
    expect(run.outcome).toBe('hubspot_refused');
    expect(run.text).toContain('HubSpot error: access_denied — nope');
    expect(await auditActions(h, admin.workspace.id)).toContainEqual(expect.objectContaining({ action: 'install.failed', result: 'failed' }));
  });

  it('members see the state but not the health, and cannot mint tickets', async () => {
    const admin = await workspace(h);
    const { inviteAndAccept } = await import('../helpers/accounts-app');
    const member = await inviteAndAccept(h.app, admin.token, 'member');
    expect((await call(h.app, 'POST', '/api/v1/install/tickets', { token: member.token, body: {} })).statusCode).toBe(403);
    const s = await call(h.app, 'GET', '/api/v1/install', { token: member.token });
    expect(s.json()).toEqual({ state: 'not_connected', portalId: null, hubDomain: null, message: expect.any(String), health: null });
  });

  it('never puts a token, code, state, ticket or the client secret in a log or response', () => {
    expectNoSecrets(h);
  });
});

describeEngines('install flow: optional scopes', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    // Portside's own optional scope (settings.users.read) is on every tier, so the operator adds
    // one the free tier lacks to see a drop explained.
    h = await startHarness(ctx.db, { env: { HUBSPOT_OPTIONAL_SCOPES: 'settings.users.read settings.users.teams.read' } });
  });
  afterAll(() => h.close());

  it('says which optional scopes were dropped and which features that turns off', async () => {
    const admin = await workspace(h);
    const run = await installAs(h, admin, free.portalId, free.users.superAdmin.userId);
    expect(run.outcome).toBe('connected');
    expect(run.text).toContain('Optional scope dropped: settings.users.teams.read — settings.users.teams.read is off. Features that need settings.users.teams.read are off.');
    const status = (await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json();
    expect(status.health.missingOptionalScopes).toEqual([expect.objectContaining({ scope: 'settings.users.teams.read', feature: 'settings.users.teams.read' })]);
  });
});

describeEngines('install flow: tier', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    // Teams as a *required* scope: a non-super-admin on the free tier cannot grant it.
    h = await startHarness(ctx.db, { env: { HUBSPOT_SCOPES: 'oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.owners.read settings.users.teams.read', HUBSPOT_OPTIONAL_SCOPES: 'settings.users.read' } });
  });
  afterAll(() => h.close());

  it('a marketplace user on a tier without a required scope is refused on HubSpot’s page; Portside explains the silence', async () => {
    const admin = await workspace(h);
    const b = await begin(h, admin);
    expect(await consentRefused(h, b.authorizeUrl!, free.portalId, free.users.marketplace.userId)).toContain('You do not have the correct role to grant these permissions');
    h.clock.advance(2 * 60_000);
    const t = await ticket(h, admin, b.ticketId);
    expect(t.outcome?.code).toBe('not_returned');
    expect(t.diagnosticsText).toContain('settings.users.teams.read');
    expect(t.diagnosticsText).toContain('Installing user: unknown');
  });
});
