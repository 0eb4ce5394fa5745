import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SEED } from '../../../backend/sandbox/seed';
import type { Backend } from '../../../backend/compose';
import { type OutboxRow } from '../../../backend/db/schema';
import { WriteView, type CreateWriteBody } from '../../../lib/contract/api/writes';
import { call } from '../helpers/accounts-app';
import { describeEngines } from '../helpers/engines';
import { startHostileStack, type HostileStack } from '../hostile/stack';
import { seedTenants, type Tenant } from '../hostile/tenants';
import { productionWritePath } from '../hostile/write-path';

/**
 * The write path's access checks through the production wiring (buildApp's acceptance, the
 * worker of backend/compose.ts over the same database, tokens and sandbox), over HTTP as the
 * extension sends writes: a burst is accepted with no refusal and checked in batches; a write
 * that cannot be checked at acceptance is accepted as pending_check, then checked and delivered
 * (or denied, with the reason and an audit row) by the worker; a fresh acceptance check serves
 * the delivery, an older one does not.
 */

const ACME = SEED.portals.acme;
const PERMITTED = '/resource-permissions/v3/permitted-users';

describeEngines('write access checks (production wiring)', (e) => {
  let s: HostileStack;
  let a: Tenant;
  const paths = new Map<string, Backend>();
  const writePath = (shiftMs = 0) => {
    const key = String(shiftMs);
    if (!paths.has(key)) {
      paths.set(key, productionWritePath(s, e.db, { now: () => Date.now() + shiftMs }));
    }
    return paths.get(key)!;
  };
  const control = () => s.sandbox.sandbox.control;
  const post = (body: CreateWriteBody, contactId = a.contactId, token = a.actors.member.token) =>
    s.app.inject({ method: 'POST', url: `/api/v1/portals/${a.portalId}/contacts/${contactId}/writes`, headers: { authorization: `Bearer ${token}`, 'idempotency-key': `k-${randomUUID()}` }, payload: body });
  const rows = (ids: string[]) => e.db.handle.db.selectFrom('write_outbox' as never).selectAll().where('id' as never, 'in', ids as never).execute() as Promise<OutboxRow[]>;
  /** Runs the worker until none of `ids` is open (the fill window holds young partial batches). */
  async function drain(path: Backend, ids: string[]): Promise<OutboxRow[]> {
    for (let i = 0; i < 200; i++) {
      const open = (await rows(ids)).filter((r) => r.status === 'pending' || r.status === 'delivering');
      if (!open.length) return rows(ids);
      await path.worker.runOnce();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('writes did not settle');
  }
  const requestsSince = (n: number, path: string) => control().requestLog().slice(n).filter((r) => r.path.startsWith(path)).length;

  beforeAll(async () => {
    s = await startHostileStack(e.db);
    ({ a } = await seedTenants(s, e.db));
  });
  afterAll(() => s?.close());
  beforeEach(() => {
    control().clearFaults();
    control().setOwner(ACME.portalId, a.contactId, ACME.users.ownedOnly.ownerId);
  });

  // The burst runs last: it uses up the member's share of checks for the next 10 s.
  it('a check made at acceptance serves a delivery within 5 s; an older one is made again', async () => {
    const fresh = WriteView.parse((await post({ kind: 'note', body: 'delivered right away' })).json().write);
    expect(fresh.status).toBe('pending');
    let before = control().requestLog().length;
    await drain(writePath(), [fresh.id]);
    expect(requestsSince(before, PERMITTED)).toBe(0);
    expect(requestsSince(before, '/crm/v3/objects/contacts/batch/read')).toBe(0);

    const late = WriteView.parse((await post({ kind: 'note', body: 'delivered after the window' })).json().write);
    before = control().requestLog().length;
    // The worker's clock 6 s ahead: the acceptance check is too old to serve the delivery.
    await drain(writePath(6_000), [late.id]);
    expect(requestsSince(before, PERMITTED)).toBe(1);
    expect(requestsSince(before, '/crm/v3/objects/contacts/batch/read')).toBe(1);
  });
  it('a write that cannot be checked at acceptance is accepted pending its check, then checked and delivered', async () => {
    control().addFault({ path: PERMITTED, kind: 'status', status: 503, times: 3 });
    const r = await post({ kind: 'note', body: 'accepted while HubSpot could not answer' });
    expect(r.statusCode, r.body).toBe(202);
    const view = WriteView.parse(r.json().write);
    expect(view).toMatchObject({ status: 'pending_check', waiting: { reason: 'checking_access' } });
    const shown = await call(s.app, 'GET', `/api/v1/writes/${view.id}`, { token: a.actors.member.token });
    expect(WriteView.parse(shown.json().write).status).toBe('pending_check');
    const accepted = await e.db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.write.accept').where('details', 'like', `%${view.id}%`).executeTakeFirstOrThrow();
    expect(JSON.parse(accepted.details)).toMatchObject({ access: 'pending_check' });
    control().clearFaults();
    const before = control().requestLog().length;
    const [row] = await drain(writePath(), [view.id]);
    expect(row).toMatchObject({ status: 'done' });
    expect(requestsSince(before, PERMITTED)).toBe(1);
    expect(row!.access_checked_at).not.toBeNull();
    expect(control().notes(ACME.portalId, a.contactId).some((n) => (n.properties.hs_note_body ?? '').includes(row!.marker!))).toBe(true);
  });

  it('a pending write whose check then denies fails with the reason and an audit row, and is never sent', async () => {
    control().addFault({ path: PERMITTED, kind: 'status', status: 503, times: 3 });
    const r = await post({ kind: 'task', subject: 'accepted before the contact changed hands' });
    const view = WriteView.parse(r.json().write);
    expect(view.status).toBe('pending_check');
    control().clearFaults();
    control().setOwner(ACME.portalId, a.contactId, ACME.users.everything.ownerId);
    const before = control().requestLog().length;
    const [row] = await drain(writePath(), [view.id]);
    expect(row).toMatchObject({ status: 'failed' });
    expect(JSON.parse(row!.last_error!)).toMatchObject({ code: 'access_denied', retryable: false });
    expect(requestsSince(before, '/crm/v3/objects/tasks')).toBe(0);
    const audit = await e.db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.task.create').where('result', '=', 'denied').where('details', 'like', `%${view.id}%`).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ checkedAt: 'delivery', pendingCheck: true });
    const shown = await call(s.app, 'GET', `/api/v1/writes/${view.id}`, { token: a.actors.member.token });
    expect(WriteView.parse(shown.json().write)).toMatchObject({ status: 'failed', error: { code: 'access_denied' } });
  });

  it('accepts a burst of 200 concurrent writes over HTTP with no refusal, checks them in batches and delivers them all', async () => {
    const before = control().requestLog().length;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => post(i % 2 ? { kind: 'note', body: `burst note ${i}` } : { kind: 'task', subject: `burst task ${i}` })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(200).fill(202));
    const views = answers.map((r) => WriteView.parse(r.json().write));
    // The member's share of checks is in use by the others: those wait for the worker's check.
    expect(views.every((v) => v.status === 'pending' || v.status === 'pending_check')).toBe(true);
    const ids = views.map((v) => v.id);
    const settled = await drain(writePath(), ids);
    expect(settled.map((r) => r.status)).toEqual(Array(200).fill('done'));
    // Every write's check was made once, gathered into batches: a handful of calls, not 200.
    expect(requestsSince(before, PERMITTED)).toBeLessThanOrEqual(10);
    expect(requestsSince(before, '/crm/v3/objects/contacts/batch/read')).toBeLessThanOrEqual(10);
    expect(requestsSince(before, '/crm/v3/objects/contacts/')).toBe(requestsSince(before, '/crm/v3/objects/contacts/batch/read'));
  });

});
