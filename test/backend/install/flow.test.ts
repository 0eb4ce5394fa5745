import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { auditActions, expectNoSecrets, installAs, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from './harness';

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

  it('explains the role error and shows the diagnostics block', async () => {
    const admin = await workspace(h);
    const run = await installAs(h, admin, acme.portalId, acme.users.ownedOnly.userId);
    expect(run.outcome).toBe('role_or_tier');
    expect(run.text).toContain('Only Super Admins, or users with App Marketplace access, can install apps');
    expect(run.text).toContain('HubSpot error: access_denied — You do not have the correct role to grant these permissions');
    const t = await ticket(h, admin, run.ticketId);
    expect(t).toMatchObject({ status: 'failed', outcome: { code: 'role_or_tier' } });
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
    expect(await auditActions(h, admin.workspace.id)).toContainEqual(expect.objectContaining({ action: 'install.failed', result: 'denied' }));
  });

  it('explains a denied consent', async () => {
    const admin = await workspace(h);
    const run = await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId, { action: 'deny' });
    expect(run.outcome).toBe('denied');
    expect((await ticket(h, admin, run.ticketId)).status).toBe('failed');
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

  it('a marketplace user on a tier without a required scope gets the role/tier explanation', async () => {
    const admin = await workspace(h);
    const run = await installAs(h, admin, free.portalId, free.users.marketplace.userId);
    expect(run.outcome).toBe('role_or_tier');
    expect(run.text).toContain('cannot grant a permission that the account’s HubSpot subscription does not include');
    expect(run.text).toContain('settings.users.teams.read');
    expect(run.text).toContain(`Installing user: unknown`);
  });
});
