import { expect, it } from 'vitest';
import { refreshDbGauges } from '../../../backend/services/writes/outbox-gauges';
import { outboxDeadLetters, outboxDepth, outboxOldestAge, rateBudgetLimit, rateBudgetUsed } from '../../../backend/metrics/registry';
import { describeEngines } from '../helpers/engines';
import { valueOf } from './helpers';

const NOW = Date.UTC(2030, 0, 1);

function outboxRow(id: string, portal: string, status: string, createdAt: number) {
  return {
    id,
    workspace_id: 'ws',
    portal_id: portal,
    contact_id: '1',
    member_id: 'm',
    hubspot_user_id: null,
    owner_id: null,
    kind: 'note' as const,
    idempotency_key: id,
    request_hash: 'h',
    request: '{}',
    payload: '{}',
    marker: null,
    status: status as 'pending',
    attempts: 0,
    next_attempt_at: createdAt,
    lease_owner: null,
    lease_expires_at: null,
    maybe_sent: 0,
    wait_reason: null,
    last_error: null,
    hubspot_object_id: null,
    correlation_id: null,
    created_at: createdAt,
    updated_at: createdAt,
    delivered_at: null,
  };
}

describeEngines('metrics gauges read from the shared database', (ctx) => {
  it('reports outbox depth, oldest age, dead letters and rate budget use per portal', async () => {
    const db = ctx.db.handle.db;
    await db
      .insertInto('write_outbox')
      .values([
        outboxRow('a', '100', 'pending', NOW - 30_000),
        outboxRow('b', '100', 'pending', NOW - 5_000),
        outboxRow('c', '100', 'delivering', NOW - 60_000),
        outboxRow('d', '100', 'failed', NOW - 90_000),
        outboxRow('e', '200', 'done', NOW - 1_000),
      ])
      .execute();
    await db.insertInto('portal_delivery').values({ portal_id: '100', observed_max: 100, observed_interval_ms: 10_000, blocked_until: 0, breaker_failures: 0, breaker_trips: 0, breaker_open_until: 0, updated_at: NOW }).execute();
    await db
      .insertInto('rate_budget_leases')
      .values([
        // Two leases in the window (one still open, counted whole), one past it.
        { id: 'r1', portal_id: '100', slots: 3, granted_at: NOW - 1_000, at: NOW + 500 },
        { id: 'r2', portal_id: '100', slots: 2, granted_at: NOW - 9_500, at: NOW - 9_000 },
        { id: 'r3', portal_id: '100', slots: 7, granted_at: NOW - 20_500, at: NOW - 20_000 },
      ])
      .execute();
    expect(await refreshDbGauges(ctx.db.handle.db, { now: () => NOW })).toBe(true);
    expect(await valueOf(outboxDepth, { portal: '100', status: 'pending' })).toBe(2);
    expect(await valueOf(outboxDepth, { portal: '100', status: 'delivering' })).toBe(1);
    expect(await valueOf(outboxDepth, { portal: '200', status: 'pending' })).toBe(0);
    expect(await valueOf(outboxOldestAge, { portal: '100' })).toBe(60);
    expect(await valueOf(outboxDeadLetters, { portal: '100' })).toBe(1);
    expect(await valueOf(rateBudgetUsed, { portal: '100' })).toBe(5);
    expect(await valueOf(rateBudgetLimit, { portal: '100' })).toBe(100);

    // A drained queue stops being reported rather than showing a stale value.
    await db.deleteFrom('write_outbox').execute();
    await refreshDbGauges(ctx.db.handle.db, { now: () => NOW });
    expect((await outboxDepth.get()).values).toEqual([]);
  });
});
