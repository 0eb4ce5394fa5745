import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { createLogger } from '../../../backend/logger';
import { SANDBOX_APP } from '../../../backend/sandbox/seed';
import { createRecordAccess } from '../../../backend/services/access/wiring';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';
import { createWritePath, type WritePath } from '../../../backend/services/delivery/wiring';
import { installServiceFromConfig } from '../../../backend/services/install/wiring';
import { writesDb } from '../../../backend/services/writes/tables';
import { WriteView } from '../../../lib/api/writes';
import { TEST_ENV, call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';

/**
 * Issue 14 item 11: a write accepted from a member who is disabled before it is delivered is
 * never sent. It ends as a permanent `member_disabled` failure in the outbox, in the audit log and
 * in the write's view (what the panel's recent writes show), and HubSpot sees no request for it.
 * The delivery worker is the production one (createWritePath), run one round at a time.
 */
describeEngines('hostile: writes of a member disabled after acceptance are not delivered', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let path: WritePath;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
    // The write path as buildApp wires it, over the same database, tokens and sandbox.
    const config = parseConfig({ ...TEST_ENV, ...e.db.env, PUBLIC_URL: 'http://localhost:8787', LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    const hubspot = hubspotAppFromConfig(config, { url: s.sandbox.url, ...SANDBOX_APP });
    const install = installServiceFromConfig(config, e.db.handle, hubspot, { logger });
    const budget = new RateBudget(writesDb(e.db.handle.db));
    const gateway = new HubSpotGateway(install.gatewayPort, budget);
    const access = createRecordAccess({ db: e.db.handle.db, installs: install, sendFor: gateway.sendFor(), logger }).access;
    path = createWritePath({ database: e.db.handle, install, access, log: logger, budget, gateway });
  });
  afterAll(() => s?.close());

  it('ends member_disabled everywhere and makes no HubSpot request for it', async () => {
    const member = a.actors.member;
    const accepted = await s.app.inject({
      method: 'POST',
      url: `/api/v1/portals/${a.portalId}/contacts/${a.contactId}/writes`,
      headers: { authorization: `Bearer ${member.token}`, 'idempotency-key': `k-${randomUUID()}` },
      payload: { kind: 'note', body: 'written just before the admin disabled me' },
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const writeId = WriteView.parse(accepted.json().write).id;

    const off = await call(s.app, 'POST', `/api/v1/members/${member.memberId}/disable`, { token: a.actors.admin.token });
    expect(off.statusCode, off.body).toBe(200);
    const upstreamBefore = s.sandbox.sandbox.control.requestLog().length;
    const notesBefore = s.sandbox.sandbox.control.notes(Number(a.portalId), a.contactId).length;

    // A lone write is claimed once it has waited the worker's batch-fill window (300 ms).
    await new Promise((r) => setTimeout(r, 350));
    await path.worker.runOnce();

    // HubSpot: no request at all for this round (no access check, no create), and no note.
    expect(s.sandbox.sandbox.control.requestLog().slice(upstreamBefore)).toEqual([]);
    expect(s.sandbox.sandbox.control.notes(Number(a.portalId), a.contactId)).toHaveLength(notesBefore);
    // Outbox.
    const row = await e.db.handle.db.selectFrom('write_outbox' as never).selectAll().where('id' as never, '=', writeId as never).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed' });
    expect(JSON.parse((row as { last_error: string }).last_error)).toMatchObject({ code: 'member_disabled', retryable: false });
    // Audit.
    const audit = await e.db.handle.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', a.workspaceId).where('action', '=', 'crm.note.create').where('actor_member_id', '=', member.memberId).execute();
    expect(audit.map((r) => ({ result: r.result, details: JSON.parse(r.details) }))).toEqual([
      { result: 'denied', details: expect.objectContaining({ writeId, reason: 'member_disabled', error: expect.objectContaining({ code: 'member_disabled' }) }) },
    ]);
    // What the panel shows (an admin reads the record's history; the member's own session ended).
    const view = await call(s.app, 'GET', `/api/v1/writes/${writeId}`, { token: a.actors.admin.token });
    expect(view.statusCode, view.body).toBe(200);
    expect(WriteView.parse(view.json().write ?? view.json())).toMatchObject({
      status: 'failed',
      error: { code: 'member_disabled', message: 'Not sent: your Portside account was disabled by an admin.', retryable: false },
    });
  });
});
