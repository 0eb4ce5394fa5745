import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { metricsRoute } from '../../../backend/metrics/route';
import { SEED } from '../../../backend/sandbox/seed';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import { refreshDbGauges } from '../../../backend/services/writes/outbox-gauges';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { ACME, PORTAL, WORKSPACE, allowProperties, memberOf, startStack, until, type Stack } from '../delivery/stack';
import { createTestDatabase, describeEngines, type TestDatabase } from '../helpers/engines';
import { installAs, migrateInstall, startHarness, workspace, type Harness } from '../install/harness';
import { scraped } from './helpers';

/**
 * The counters other services feed through metrics/recorder.ts, read the way a scraper reads
 * them: GET /metrics after real deliveries (worker against the sandbox) and real token refreshes
 * (install service against the sandbox's OAuth endpoints).
 */

const scrape = async (app: FastifyInstance) => (await app.inject({ method: 'GET', url: '/metrics' })).body;
const value = async (app: FastifyInstance, name: string, labels: Record<string, string>) => scraped(await scrape(app), name, labels) ?? 0;

describeEngines('deliveries by kind and result on /metrics', (ctx) => {
  let stack: Stack;
  let app: FastifyInstance;
  const rep = ACME.users.everything;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    await allowProperties(stack, ['city']);
    stack.newWorker().start();
    app = Fastify();
    metricsRoute(app, { refreshGauges: async () => void (await refreshDbGauges(ctx.db.handle.db)) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await stack.close();
  });
  beforeEach(() => stack.sandbox.sandbox.control.clearFaults());

  const deliver = async (body: CreateWriteBody, contactId: string) => {
    const r = await acceptWrite(stack.deps, { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' }, contactTarget({ portalId: PORTAL, contactId }), randomUUID(), body, null);
    if (!r.ok) throw new Error(r.error.message);
    return until(async () => {
      const row = await stack.db.selectFrom('write_outbox').selectAll().where('id', '=', r.data.write.id).executeTakeFirst();
      return row && (row.status === 'done' || row.status === 'failed') ? row : null;
    }, 10_000, 'delivery');
  };

  it('counts a delivered note as done', async () => {
    const before = await value(app, 'portside_deliveries_total', { kind: 'note', result: 'done' });
    expect((await deliver({ kind: 'note', body: 'metrics' }, '105')).status).toBe('done');
    expect(await value(app, 'portside_deliveries_total', { kind: 'note', result: 'done' })).toBe(before + 1);
  });

  it('counts a retry after a HubSpot 5xx, then the delivery', async () => {
    const retry = { kind: 'task', result: 'retry' };
    const done = { kind: 'task', result: 'done' };
    const [r0, d0] = [await value(app, 'portside_deliveries_total', retry), await value(app, 'portside_deliveries_total', done)];
    stack.sandbox.sandbox.control.addFault({ method: 'POST', path: '/crm/v3/objects/tasks/batch/create', kind: 'status', status: 502, times: 1 });
    expect((await deliver({ kind: 'task', subject: 'metrics' }, '105')).status).toBe('done');
    expect(await value(app, 'portside_deliveries_total', retry)).toBe(r0 + 1);
    expect(await value(app, 'portside_deliveries_total', done)).toBe(d0 + 1);
  });

  it('counts a write HubSpot refuses for good as failed, and shows it as a dead letter', async () => {
    const failed = { kind: 'properties', result: 'failed' };
    const f0 = await value(app, 'portside_deliveries_total', failed);
    stack.sandbox.sandbox.control.addFault({ method: 'POST', path: '/crm/v3/objects/contacts/batch/update', kind: 'status', status: 400, times: 1 });
    expect((await deliver({ kind: 'properties', properties: { city: 'Porto' } }, '105')).status).toBe('failed');
    const text = await scrape(app);
    expect(scraped(text, 'portside_deliveries_total', failed)).toBe(f0 + 1);
    expect(scraped(text, 'portside_outbox_dead_letters', { portal: PORTAL })).toBeGreaterThanOrEqual(1);
    // The rate budget gauge is read from the shared slots: this test's calls are in the window.
    expect(scraped(text, 'portside_rate_budget_used', { portal: PORTAL })).toBeGreaterThan(0);
  });
});

describeEngines('token refreshes by result on /metrics', (ctx) => {
  const acme = SEED.portals.acme;
  let db: TestDatabase | undefined;
  let h: Harness;
  let ws: string;
  beforeEach(async () => {
    db = await createTestDatabase(ctx.engine);
    await migrateInstall(db);
    h = await startHarness(db);
    const a = await workspace(h, 'Acme');
    expect((await installAs(h, a, acme.portalId, acme.users.superAdmin.userId)).outcome).toBe('connected');
    ws = a.workspace.id;
  });
  afterEach(async () => {
    await h?.close();
    await db?.destroy();
    db = undefined;
  });

  it('counts a refresh ahead of expiry as ok, once for many callers', async () => {
    const before = await value(h.app, 'portside_token_refreshes_total', { result: 'ok' });
    h.clock.advance(26 * 60_000); // under the refresh margin
    const results = await Promise.all(Array.from({ length: 5 }, () => h.service.accessToken(ws)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await value(h.app, 'portside_token_refreshes_total', { result: 'ok' })).toBe(before + 1);
  });

  it('counts a refresh HubSpot refuses for good (app uninstalled) as revoked', async () => {
    const before = await value(h.app, 'portside_token_refreshes_total', { result: 'revoked' });
    h.sandbox.sandbox.control.uninstall(acme.portalId);
    h.clock.advance(31 * 60_000);
    const r = await h.service.accessToken(ws);
    expect(r.ok ? null : r.error.code).toBe('needs_reconnect');
    expect(await value(h.app, 'portside_token_refreshes_total', { result: 'revoked' })).toBe(before + 1);
  });
});
