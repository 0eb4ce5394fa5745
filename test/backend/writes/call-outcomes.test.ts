import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DEFAULT_CALL_OUTCOMES } from '../../../backend/sandbox/call-outcomes';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, memberOf, startStack, until, type Stack } from '../delivery/stack';

/**
 * A call's outcome is checked against the portal's own call outcomes (HubSpot's
 * `/calling/v1/dispositions`, read through the gateway and cached), custom ones included,
 * instead of a fixed list or a bare GUID check.
 */

const rep = ACME.users.everything;
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };
const CUSTOM = { id: 'c0ffee00-5eed-4c0a-9a11-ac0e00000001', label: 'Booked a demo' };
const call = (outcome?: string): CreateWriteBody => ({ kind: 'call', body: 'Talked pricing', direction: 'OUTBOUND', ...(outcome ? { outcome } : {}) });

describeEngines('call outcomes from the portal', (ctx) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    stack.newWorker().start();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.sandbox.control.clearFaults());

  const accept = (body: CreateWriteBody, s = stack) => acceptWrite(s.deps, caller, contactTarget({ portalId: PORTAL, contactId: '105' }), randomUUID(), body, null);

  it("offers the portal's outcomes, custom ones included, read once and cached", async () => {
    const reads = () => stack.sandbox.sandbox.control.requestLog().filter((r) => r.path === '/calling/v1/dispositions').length;
    const before = reads();
    const first = await stack.deps.callOutcomes(WORKSPACE);
    const again = await stack.deps.callOutcomes(WORKSPACE);
    expect(first.ok && first.data.outcomes).toEqual([...DEFAULT_CALL_OUTCOMES, CUSTOM]);
    expect(again).toEqual(first);
    expect(reads() - before).toBeLessThanOrEqual(1);
  });

  it('accepts and delivers a call with the custom outcome', async () => {
    const r = await accept(call(CUSTOM.id));
    if (!r.ok) throw new Error(r.error.message);
    const row = await until(async () => {
      const x = await stack.db.selectFrom('write_outbox').selectAll().where('id', '=', r.data.write.id).executeTakeFirst();
      return x && (x.status === 'done' || x.status === 'failed') ? x : null;
    }, 10_000, 'call delivery');
    expect(row.status).toBe('done');
    expect(JSON.parse(row.payload).hs_call_disposition).toBe(CUSTOM.id);
  });

  it('refuses an outcome the portal does not have at acceptance, naming the field and what is offered', async () => {
    const r = await accept(call('00000000-0000-4000-8000-000000000000'));
    expect(!r.ok && r.error.code).toBe('bad_request');
    if (r.ok) return;
    const fields = (r.error.details as { fields: { field: string; message: string }[] }).fields;
    expect(fields.map((f) => f.field)).toEqual(['outcome']);
    expect(fields[0]!.message).toContain('Booked a demo');
    expect(fields[0]!.message).toMatch(/^"00000000-0000-4000-8000-000000000000" is not a call outcome in this HubSpot account/);
  });

  it('says clearly when the outcomes cannot be read, and still takes a call without one', async () => {
    const fresh = await startStack(ctx.db.handle);
    try {
      fresh.sandbox.sandbox.control.addFault({ path: '/calling/v1/dispositions', kind: 'status', status: 503 });
      const outcomes = await fresh.deps.callOutcomes(WORKSPACE);
      expect(!outcomes.ok && outcomes.error.code).toBe('hubspot_unavailable');
      const withOutcome = await accept(call(CUSTOM.id), fresh);
      expect(!withOutcome.ok && withOutcome.error.code).toBe('hubspot_unavailable');
      expect(!withOutcome.ok && withOutcome.error.message).toMatch(/could not be read from HubSpot.*log the call without an outcome/);
      expect((await accept(call(), fresh)).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
