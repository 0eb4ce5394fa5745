import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { openToken } from '../../../backend/services/install/sealing';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { auditActions, expectNoSecrets, installAs, installRow, migrateInstall, startHarness, ticket, workspace, type Harness } from './harness';

const acme = SEED.portals.acme;
const free = SEED.portals.free;

describeEngines('install lifecycle', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
  });
  afterAll(() => h.close());

  const refreshTokenOf = async (workspaceId: string) => {
    const row = await installRow(h, workspaceId);
    const t = openToken(h.deps.keyring, row!, 'refresh');
    if (!t.ok) throw new Error('unreadable');
    return t.data;
  };
  const refreshWorks = async (token: string) => {
    const s = h.sandbox.sandbox.state.refreshTokens.get(token);
    return !!s && !s.revoked;
  };

  it('reinstalling the same portal replaces the tokens and revokes the old refresh token', async () => {
    const admin = await workspace(h);
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    const old = await refreshTokenOf(admin.workspace.id);
    const again = await installAs(h, admin, acme.portalId, acme.users.marketplace.userId, { body: { reconnect: true } });
    expect(again.outcome).toBe('reconnected');
    expect(again.text).toContain(`Pinned to portal: ${acme.portalId}`);
    const fresh = await refreshTokenOf(admin.workspace.id);
    expect(fresh).not.toBe(old);
    expect(await refreshWorks(old)).toBe(false);
    expect(await refreshWorks(fresh)).toBe(true);
    expect((await installRow(h, admin.workspace.id))?.installer_email).toBe(acme.users.marketplace.email);
    expect((await auditActions(h, admin.workspace.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['install.connected', 'install.reconnected']));
  });

  it('another workspace cannot connect a portal that is already connected', async () => {
    const other = await workspace(h, 'Other');
    const run = await installAs(h, other, acme.portalId, acme.users.superAdmin.userId);
    expect(run.outcome).toBe('portal_in_use');
    expect(await installRow(h, other.workspace.id)).toBeUndefined();
  });

  const accessTokenOf = async (workspaceId: string) => {
    const row = await installRow(h, workspaceId);
    const t = openToken(h.deps.keyring, row!, 'access');
    if (!t.ok) throw new Error('unreadable');
    return t.data;
  };
  const installed = (portalId: number) => h.sandbox.sandbox.state.installs.has(`${SANDBOX_APP.appId}:${portalId}`);
  const accessWorks = (token: string) => {
    const a = h.sandbox.sandbox.state.accessTokens.get(token);
    return !!a && !a.revoked && a.expiresAt > h.clock.now();
  };

  it('disconnect uninstalls the app at HubSpot (every token dies at once), deletes locally, is audited, and calls nothing after', async () => {
    const admin = await workspace(h, 'Disconnect');
    expect((await installAs(h, admin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    const refresh = await refreshTokenOf(admin.workspace.id);
    const access = await accessTokenOf(admin.workspace.id);
    const logFrom = h.sandbox.sandbox.control.requestLog().length;
    const res = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
    expect(res.json()).toEqual({ disconnected: true, revokedAtHubSpot: true });
    expect(installed(free.portalId)).toBe(false);
    expect(await refreshWorks(refresh)).toBe(false);
    expect(accessWorks(access)).toBe(false);
    // One call, the uninstall with the stored (still fresh) access token: no refresh before, no revoke after.
    expect(h.sandbox.sandbox.control.requestLog().slice(logFrom).map((e) => `${e.method} ${e.path}`)).toEqual(['DELETE /appinstalls/v3/external-install']);
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
    expect((await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json().state).toBe('not_connected');
    const audit = (await auditActions(h, admin.workspace.id)).find((a) => a.action === 'install.disconnected');
    expect(JSON.parse(audit!.details)).toMatchObject({ uninstalledAtHubSpot: true, forced: false });
    expect((await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} })).statusCode).toBe(404);
  });

  it('an expired access token is refreshed first; an app already uninstalled in HubSpot still disconnects', async () => {
    const admin = await workspace(h, 'Expired');
    expect((await installAs(h, admin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    h.clock.advance(31 * 60_000);
    const res = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
    expect(res.json()).toEqual({ disconnected: true, revokedAtHubSpot: true });
    expect(installed(free.portalId)).toBe(false);

    const gone = await workspace(h, 'Gone');
    expect((await installAs(h, gone, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    h.sandbox.sandbox.control.uninstall(free.portalId);
    const again = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: gone.token, body: {} });
    expect(again.json()).toMatchObject({ disconnected: true });
    expect(await installRow(h, gone.workspace.id)).toBeUndefined();
  });

  it('when HubSpot cannot be reached, disconnect changes nothing unless forced', async () => {
    const admin = await workspace(h, 'Unreachable');
    expect((await installAs(h, admin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    h.sandbox.sandbox.control.addFault({ method: 'DELETE', path: '/appinstalls/v3/external-install', kind: 'status', status: 503, times: 2 });
    const soft = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
    expect(soft.json().error.code).toBe('hubspot_unavailable');
    expect(await installRow(h, admin.workspace.id)).toBeDefined();
    expect(installed(free.portalId)).toBe(true);
    const forced = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: { force: true } });
    expect(forced.json()).toEqual({ disconnected: true, revokedAtHubSpot: false });
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
    h.sandbox.sandbox.control.clearFaults();
  });

  it('leaks no secret', () => expectNoSecrets(h));
});

describeEngines('install: switching portals', (ctx) => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    await migrateInstall(ctx.db);
    h = await startHarness(ctx.db);
    admin = await workspace(h);
  });
  afterAll(() => h.close());
  const works = (token: string) => !h.sandbox.sandbox.state.refreshTokens.get(token)?.revoked;
  const tokensNow = () => new Set(h.sandbox.sandbox.state.refreshTokens.keys());
  const newTokenSince = (before: Set<string>) => [...tokensNow()].find((t) => !before.has(t))!;
  const confirm = (ticketId: string, replace: boolean) => call(h.app, 'POST', `/api/v1/install/tickets/${ticketId}/confirm`, { token: admin.token, body: { replace } });

  it('a different portal waits for confirmation; cancel keeps the connected one and revokes the new token', async () => {
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    const before = tokensNow();
    const run = await installAs(h, admin, free.portalId, free.users.superAdmin.userId);
    expect(run.outcome).toBe('confirm_required');
    expect(run.text).toContain('Confirm the HubSpot account');
    const pending = newTokenSince(before);
    expect(await ticket(h, admin, run.ticketId)).toMatchObject({ status: 'confirm_required', confirmation: { currentPortalId: String(acme.portalId), newPortalId: String(free.portalId) } });
    expect((await installRow(h, admin.workspace.id))?.portal_id).toBe(String(acme.portalId));
    expect((await confirm(run.ticketId, false)).json()).toMatchObject({ status: 'cancelled', outcome: { code: 'cancelled' } });
    expect(works(pending)).toBe(false);
    expect((await installRow(h, admin.workspace.id))?.portal_id).toBe(String(acme.portalId));
    expect((await confirm(run.ticketId, true)).statusCode).toBe(409);
  });

  it('confirm switches portals, revokes the old token, and is audited', async () => {
    const oldRow = await installRow(h, admin.workspace.id);
    const old = openToken(h.deps.keyring, oldRow!, 'refresh');
    const run = await installAs(h, admin, free.portalId, free.users.superAdmin.userId);
    expect(run.outcome).toBe('confirm_required');
    const [a, b] = await Promise.all([confirm(run.ticketId, true), confirm(run.ticketId, true)]);
    const answers = [a, b].map((r) => r.statusCode).sort();
    expect(answers).toEqual([200, 409]);
    const ok = a.statusCode === 200 ? a : b;
    expect(ok.json()).toMatchObject({ status: 'succeeded', outcome: { code: 'portal_changed' }, diagnostics: { outcome: 'portal_changed', hubId: String(free.portalId) } });
    expect((await installRow(h, admin.workspace.id))?.portal_id).toBe(String(free.portalId));
    expect(old.ok && works(old.data)).toBe(false);
    expect((await auditActions(h, admin.workspace.id)).map((x) => x.action)).toContain('install.portal_changed');
  });

  it('an unanswered confirmation expires and its token is revoked', async () => {
    const before = tokensNow();
    const run = await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId);
    expect(run.outcome).toBe('confirm_required');
    const pending = newTokenSince(before);
    h.clock.advance(11 * 60_000);
    expect((await confirm(run.ticketId, true)).json()).toMatchObject({ status: 'failed', outcome: { code: 'confirm_expired' } });
    expect(works(pending)).toBe(false);
    expect((await installRow(h, admin.workspace.id))?.portal_id).toBe(String(free.portalId));
  });

  it('leaks no secret', () => expectNoSecrets(h));
});
