import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import type { Backend } from '../../../backend/compose';
import { type OutboxRow } from '../../../backend/db/schema';
import { WriteView } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';
import { productionWritePath } from './write-path';

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
  let path: Backend;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
    path = productionWritePath(s, e.db);
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
