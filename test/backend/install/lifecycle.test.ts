import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
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

  it('disconnect revokes at HubSpot, deletes locally and is audited', async () => {
    const admin = await workspace(h, 'Disconnect');
    expect((await installAs(h, admin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    const token = await refreshTokenOf(admin.workspace.id);
    const res = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
    expect(res.json()).toEqual({ disconnected: true, revokedAtHubSpot: true });
    expect(await refreshWorks(token)).toBe(false);
    expect(await installRow(h, admin.workspace.id)).toBeUndefined();
    expect((await call(h.app, 'GET', '/api/v1/install', { token: admin.token })).json().state).toBe('not_connected');
    expect((await auditActions(h, admin.workspace.id)).map((a) => a.action)).toContain('install.disconnected');
    expect((await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} })).statusCode).toBe(404);
  });

  it('when HubSpot cannot be reached, disconnect changes nothing unless forced', async () => {
    const admin = await workspace(h, 'Unreachable');
    expect((await installAs(h, admin, free.portalId, free.users.superAdmin.userId)).outcome).toBe('connected');
    h.sandbox.sandbox.control.addFault({ method: 'DELETE', path: '/oauth/v1/refresh-tokens/*', kind: 'status', status: 503, times: 2 });
    const soft = await call(h.app, 'POST', '/api/v1/install/disconnect', { token: admin.token, body: {} });
    expect(soft.json().error.code).toBe('hubspot_unavailable');
    expect(await installRow(h, admin.workspace.id)).toBeDefined();
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
