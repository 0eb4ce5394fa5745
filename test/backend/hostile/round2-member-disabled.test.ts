import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../../backend/compose';
import { WriteView } from '../../../lib/contract/api/writes';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from './stack';
import { seedTenants, type Tenant } from './tenants';
import { productionWritePath } from './write-path';

/**
 * Issue 14 item 11: a write accepted from a member who is disabled before it is delivered is
 * never sent. It ends as a permanent `member_disabled` failure in the outbox, in the audit log and
 * in the write's view (what the panel's recent writes show), and HubSpot sees no request for it.
 * The delivery worker is the production one (backend/compose.ts), run one round at a time.
 */
describeEngines('hostile: writes of a member disabled after acceptance are not delivered', (e) => {
  let s: HostileStack;
  let a: Tenant;
  let path: Backend;
  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
    path = productionWritePath(s, e.db);
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
