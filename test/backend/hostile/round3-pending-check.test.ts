import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../../backend/config';
import { hubspotAppFromConfig } from '../../../backend/hubspot/app';
import { createLogger } from '../../../backend/logger';
import { SANDBOX_APP, SEED } from '../../../backend/sandbox/seed';
import { createRecordAccess } from '../../../backend/services/access/wiring';
import { HubSpotGateway } from '../../../backend/hubspot/gateway';
import { RateBudget } from '../../../backend/services/delivery/rate-budget';
import { createWritePath, type WritePath } from '../../../backend/services/delivery/wiring';
import { installServiceFromConfig } from '../../../backend/services/install/wiring';
import { writesDb, type OutboxRow } from '../../../backend/services/writes/tables';
import { WriteView } from '../../../lib/api/writes';
import { TEST_ENV } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';

/**
 * Issue 16: a write accepted pending its access check (HubSpot could not answer at acceptance)
 * must not skip that check. A rep with no edit right on the contact gets a 202 while HubSpot is
 * down, and keeps trying; the write waits while the worker's check cannot be made either, and
 * fails access_denied once it can — HubSpot never receives the create, in any round.
 */
const ACME = SEED.portals.acme;
const NOT_THEIRS = String(ACME.contacts.ownedByEverything.id);
const PERMITTED = '/resource-permissions/v3/permitted-users';

describeEngines('hostile: a pending-check write is never delivered without its check', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let path: WritePath;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
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

  it("a denied rep's pending write waits while its check cannot be made and then fails; HubSpot never gets it", async () => {
    const control = s.sandbox.sandbox.control;
    control.addFault({ path: PERMITTED, kind: 'status', status: 503 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await s.app.inject({
        method: 'POST',
        url: `/api/v1/portals/${a.portalId}/contacts/${NOT_THEIRS}/writes`,
        headers: { authorization: `Bearer ${a.actors.member.token}`, 'idempotency-key': `k-${randomUUID()}` },
        payload: { kind: 'note', body: `not my contact ${i}` },
      });
      expect(r.statusCode, r.body).toBe(202);
      const view = WriteView.parse(r.json().write);
      expect(view.status).toBe('pending_check');
      ids.push(view.id);
    }
    const notesBefore = control.notes(ACME.portalId, NOT_THEIRS).length;
    const read = () => e.db.handle.db.selectFrom('write_outbox' as never).selectAll().where('id' as never, 'in', ids as never).execute() as Promise<OutboxRow[]>;
    const creates = () => control.requestLog().filter((r) => r.path.startsWith('/crm/v3/objects/notes')).length;
    const createsBefore = creates();
    const ripe = () => e.db.handle.db.updateTable('write_outbox' as never).set({ next_attempt_at: 0 } as never).where('id' as never, 'in', ids as never).execute();

    // HubSpot still cannot answer the check: rounds pass, nothing is sent, the writes wait.
    for (let round = 0; round < 3; round++) {
      await ripe();
      await new Promise((r) => setTimeout(r, 350));
      await path.worker.runOnce();
      expect((await read()).map((r) => r.status).sort()).toEqual(['pending', 'pending', 'pending']);
      expect((await read()).every((r) => r.access_checked_at === null)).toBe(true);
    }
    // HubSpot answers again: the check denies, the writes fail for good.
    control.clearFaults();
    await ripe();
    await new Promise((r) => setTimeout(r, 350));
    await path.worker.runOnce();
    const settled = await read();
    expect(settled.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    for (const r of settled) expect(JSON.parse(r.last_error!)).toMatchObject({ code: 'access_denied', retryable: false });
    expect(creates()).toBe(createsBefore);
    expect(control.notes(ACME.portalId, NOT_THEIRS)).toHaveLength(notesBefore);
  });
});
