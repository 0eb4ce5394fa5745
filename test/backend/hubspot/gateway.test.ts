import { afterEach, beforeEach, expect, it } from 'vitest';
import { readContact } from '../../../backend/hubspot/contact-read';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { hubspotOperations } from '../../../backend/metrics/registry';
import { GatewayHubSpotWrites } from '../../../backend/services/delivery/hubspot-writes';
import { SEED } from '../../../backend/sandbox/seed';
import { DEFAULT_RATE_BUDGET, RateBudget } from '../../../backend/services/delivery/rate-budget';
import { WRITE_KIND_REGISTRY } from '../../../backend/services/write-kinds/registry';
import { createTestDatabase, describeEngines, type TestDatabase } from '../helpers/engines';
import { installAs, installRow, migrateInstall, startHarness, workspace, type Harness } from '../install/harness';
import { valueOf } from '../metrics/helpers';

const acme = SEED.portals.acme;
const CONTACT = '/crm/v3/objects/contacts/101';

/**
 * The one gateway every HubSpot call goes through, with the real install service (tokens,
 * health), the real rate budget on the test database and the sandbox: a 401's forced refresh
 * and single retry, a 429 blocking the portal until Retry-After, health recorded, and requests
 * that never leave (spent budget, lost lease, stop).
 */
describeEngines('HubSpot gateway', (ctx) => {
  let db: TestDatabase | undefined;
  let h: Harness;
  let ws: string;
  let budget: RateBudget;
  let gateway: HubSpotGateway;
  beforeEach(async () => {
    db = await createTestDatabase(ctx.engine);
    await migrateInstall(db);
    h = await startHarness(db);
    const admin = await workspace(h, 'Acme');
    expect((await installAs(h, admin, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    ws = admin.workspace.id;
    budget = new RateBudget(db.handle.db, DEFAULT_RATE_BUDGET, h.clock.now);
    gateway = new HubSpotGateway(h.service.gatewayPort, budget, { now: h.clock.now });
  });
  afterEach(async () => {
    await h?.close();
    await db?.destroy();
    db = undefined;
  });

  const counters = () => h.sandbox.sandbox.control.counters();
  const contactRequests = () => h.sandbox.sandbox.control.requestLog().filter((e) => e.path === CONTACT).length;
  const read = () => readContact(gateway.portal(ws), '101', ['firstname']);

  it('a 401 gets one forced refresh and one retry; a second 401 is reported and recorded, not looped', async () => {
    const current = await h.service.accessToken(ws);
    if (!current.ok) throw new Error('not connected');
    h.sandbox.sandbox.control.expireToken(current.data.accessToken);
    const refreshes = counters().tokenRefreshes;
    const r = await read();
    expect(r.ok && r.data?.properties.firstname).toBe('Olivia');
    expect(counters().tokenRefreshes).toBe(refreshes + 1);

    h.sandbox.sandbox.control.addFault({ path: CONTACT, kind: 'status', status: 401, times: 5 });
    const before = contactRequests();
    const twice = await read();
    expect(twice.ok ? null : twice.error.details).toMatchObject({ kind: 'invalid_token', httpStatus: 401 });
    expect(contactRequests()).toBe(before + 2);
    expect(counters().tokenRefreshes).toBe(refreshes + 2);
    expect((await installRow(h, ws))!.last_error_code).toBe('hubspot_error');
  });

  it('the delivery path (HubSpotWrites over the gateway) gets the forced refresh on 401 and records health', async () => {
    const writes = new GatewayHubSpotWrites((w, opts) => gateway.portal(w, opts));
    const current = await h.service.accessToken(ws);
    if (!current.ok) throw new Error('not connected');
    h.sandbox.sandbox.control.expireToken(current.data.accessToken);
    const refreshes = counters().tokenRefreshes;
    h.clock.advance(120_000);
    const ctl = { signal: new AbortController().signal };
    const r = await writes.createEngagements(ws, WRITE_KIND_REGISTRY.note.object, [{ recordId: '101', objectType: '0-1', properties: { hs_note_body: 'after a 401', hs_timestamp: new Date(h.clock.now()).toISOString() } }], ctl);
    expect(r.ok && r.data).toHaveLength(1);
    expect(counters().tokenRefreshes).toBe(refreshes + 1);
    expect((await installRow(h, ws))!.last_success_at).toBe(h.clock.now());
    const missing = await writes.readRecords(ws, '0-1', ['999999'], ['firstname'], ctl);
    expect(missing.ok && missing.data).toEqual([]);
    h.sandbox.sandbox.control.addFault({ path: '/crm/v3/objects/contacts/batch/update', kind: 'status', status: 503, times: 1 });
    const down = await writes.updateRecords(ws, '0-1', [{ id: '101', properties: { firstname: 'X' } }], ctl);
    expect(down.ok ? null : down.error).toMatchObject({ code: 'server_error', maybeProcessed: true });
    expect((await installRow(h, ws))!.last_error_code).toBe('hubspot_unavailable');
  });

  it('a 429 blocks the portal until its Retry-After: nothing more is sent before then', async () => {
    h.sandbox.sandbox.control.addFault({ path: CONTACT, kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 });
    const limited = await read();
    expect(limited.ok ? null : limited.error.details).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 7, httpStatus: 429 });
    const blocked = await budget.takeWithin(String(acme.portalId), 0);
    expect(blocked).toEqual({ ok: false, retryAt: h.clock.now() + 7_000 });
    const before = contactRequests();
    const waiting = await readContact(gateway.portal(ws, { maxWaitMs: 1_000 }), '101', ['firstname']);
    expect(waiting.ok ? null : waiting.error).toMatchObject({ code: 'rate_limited', details: { notSent: 'budget', retryAfterSeconds: 7 } });
    expect(contactRequests()).toBe(before);
    h.clock.advance(7_001);
    expect((await read()).ok).toBe(true);
  });

  it('records health: success at most once a minute, install-level failures with their correlation id, not record-level ones', async () => {
    const installedAt = (await installRow(h, ws))!.last_success_at;
    h.clock.advance(1_000);
    expect((await read()).ok).toBe(true);
    const first = (await installRow(h, ws))!.last_success_at;
    expect(first).toBe(h.clock.now());
    expect(first).not.toBe(installedAt);
    h.clock.advance(30_000);
    expect((await read()).ok).toBe(true);
    expect((await installRow(h, ws))!.last_success_at).toBe(first);
    h.clock.advance(31_000);
    expect((await read()).ok).toBe(true);
    expect((await installRow(h, ws))!.last_success_at).toBe(h.clock.now());

    const gone = await readContact(gateway.portal(ws), '999999', ['firstname']);
    expect(gone).toEqual({ ok: true, data: null });
    expect((await installRow(h, ws))!.last_error_code).toBeNull();
    // The app never asks for the teams scope: HubSpot refuses, and the install records why.
    const teams = await gateway.send(ws, { method: 'GET', path: '/settings/v3/users/teams' });
    expect(teams.ok ? null : teams.error.code).toBe('missing_scopes');
    const row = (await installRow(h, ws))!;
    expect(row).toMatchObject({ last_error_code: 'missing_scopes', last_error_at: h.clock.now() });
    expect(row.last_error_correlation_id).toEqual(expect.any(String));
  });

  it('beforeSend refusing or a stop while waiting sends nothing and says so', async () => {
    const before = contactRequests();
    const lost = await gateway.send(ws, { method: 'GET', path: CONTACT }, { beforeSend: async () => false });
    expect(lost.ok ? null : lost.error.details).toMatchObject({ notSent: 'lease_lost' });
    await budget.block(String(acme.portalId), h.clock.now() + 60_000);
    const stop = new AbortController();
    const waiting = gateway.send(ws, { method: 'GET', path: CONTACT }, { signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(((await waiting) as { error: { details: unknown } }).error.details).toMatchObject({ notSent: 'aborted' });
    expect(contactRequests()).toBe(before);
    expect((await installRow(h, ws))!.last_error_code).toBeNull();
  });

  it('counts each call by operation and outcome, never by a path with ids', async () => {
    const labels = { operation: 'GET /crm/v3/objects/contacts/:id', outcome: 'ok' };
    const named = { operation: 'contacts.batch_read', outcome: 'ok' };
    const [a, b] = [await valueOf(hubspotOperations, labels), await valueOf(hubspotOperations, named)];
    expect((await read()).ok).toBe(true);
    expect((await gateway.send(ws, { method: 'POST', path: '/crm/v3/objects/contacts/batch/read', json: { inputs: [{ id: '101' }] }, operation: 'contacts.batch_read' })).ok).toBe(true);
    expect(await valueOf(hubspotOperations, labels)).toBe(a + 1);
    expect(await valueOf(hubspotOperations, named)).toBe(b + 1);
    const { values } = await hubspotOperations.get();
    expect(values.some((v) => /\/\d+(\/|$)/.test(String(v.labels.operation)))).toBe(false);
  });
});
