import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { acceptWrite } from '../../../backend/services/writes/accept';
import { contactTarget } from '../../../backend/services/writes/target';
import type { CreateWriteBody } from '../../../lib/contract/api/writes';
import { describeEngines } from '../helpers/engines';
import { ACME, PORTAL, WORKSPACE, memberOf, startStack, until, type Stack } from '../delivery/stack';

/**
 * Tasks carry only what the rep chose, and type/priority/status are checked against the portal's
 * own property options (read from HubSpot, cached) instead of a fixed list.
 */

const rep = ACME.users.everything;
const caller = { workspaceId: WORKSPACE, memberId: memberOf(rep), role: 'member' as const };

describeEngines('task options from the portal', (ctx) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ctx.db.handle);
    stack.newWorker().start();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.sandbox.control.clearFaults());

  const accept = (body: CreateWriteBody) => acceptWrite(stack.deps, caller, contactTarget({ portalId: PORTAL, contactId: '105' }), randomUUID(), body, null);
  const delivered = (id: string) =>
    until(async () => {
      const row = await stack.db.selectFrom('write_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (row.status === 'done' || row.status === 'failed') ? row : null;
    }, 10_000, `write ${id}`);

  it("offers the portal's options, read once and cached", async () => {
    const reads = () => stack.sandbox.sandbox.control.requestLog().filter((r) => r.path === '/crm/v3/properties/tasks').length;
    const before = reads();
    const first = await stack.deps.taskOptions(WORKSPACE);
    const again = await stack.deps.taskOptions(WORKSPACE);
    expect(first.ok && first.data.priority.map((o) => o.value)).toEqual(['LOW', 'MEDIUM', 'HIGH']);
    expect(first.ok && first.data.type).toEqual([{ value: 'TODO', label: 'To-do' }, { value: 'CALL', label: 'Call' }, { value: 'EMAIL', label: 'Email' }]);
    expect(again).toEqual(first);
    expect(reads() - before).toBeLessThanOrEqual(1);
  });

  it('sends no priority, type or status the rep did not choose (never NONE)', async () => {
    const r = await accept({ kind: 'task', subject: 'Plain task' });
    if (!r.ok) throw new Error(r.error.message);
    const row = await delivered(r.data.write.id);
    expect(row.status).toBe('done');
    expect(Object.keys(JSON.parse(row.payload)).sort()).toEqual(['hs_task_body', 'hs_task_subject', 'hs_timestamp', 'hubspot_owner_id']);
    const task = stack.sandbox.sandbox.control.tasks(ACME.portalId, '105').find((t) => t.id === row.hubspot_object_id)!;
    expect(task.properties.hs_task_priority).toBeUndefined();
    expect(task.properties.hs_task_type).toBeUndefined();
  });

  it('refuses values the portal does not offer at acceptance, naming each field and what is offered', async () => {
    const r = await accept({ kind: 'task', subject: 'Odd', priority: 'NONE', type: 'LINKED_IN', status: 'COMPLETED' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad_request');
    const fields = (r.error.details as { fields: { field: string; message: string }[] }).fields;
    expect(fields.map((f) => f.field)).toEqual(['type', 'priority']);
    expect(fields[1]!.message).toBe('"NONE" is not a task priority in this HubSpot account. It offers: Low, Medium, High.');
  });

  it('says clearly when the options cannot be read, and still takes a task without them', async () => {
    const fresh = await startStack(ctx.db.handle);
    try {
      fresh.sandbox.sandbox.control.addFault({ path: '/crm/v3/properties/tasks', kind: 'status', status: 503 });
      const options = await fresh.deps.taskOptions(WORKSPACE);
      expect(!options.ok && options.error.code).toBe('hubspot_unavailable');
      const withPriority = await acceptWrite(fresh.deps, caller, contactTarget({ portalId: PORTAL, contactId: '105' }), randomUUID(), { kind: 'task', subject: 'Urgent', priority: 'HIGH' }, null);
      expect(!withPriority.ok && withPriority.error.code).toBe('hubspot_unavailable');
      expect(!withPriority.ok && withPriority.error.message).toMatch(/could not be read from HubSpot.*create the task without them/);
      const plain = await acceptWrite(fresh.deps, caller, contactTarget({ portalId: PORTAL, contactId: '105' }), randomUUID(), { kind: 'task', subject: 'Urgent' }, null);
      expect(plain.ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
