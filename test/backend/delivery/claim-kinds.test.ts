import { randomUUID } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { claimRound } from '../../../backend/services/delivery/claim';
import { describeEngines } from '../helpers/engines';
import type { OutboxKind, OutboxRow } from '../../../backend/db/schema';

/**
 * A delivery round claims each kind up to HubSpot's batch size (100), so its calls are one full
 * batch per kind; a kind short of a batch waits while writes of it keep arriving (`fillMs` of
 * quiet), at most `maxFillMs` from its oldest.
 */
describeEngines('claim rounds per kind', (e) => {
  const db = () => e.db.handle.db;
  let seq = 0;
  const row = (kind: OutboxKind, createdAt: number): OutboxRow => {
    const id = randomUUID();
    seq++;
    return {
      id, workspace_id: 'ws', portal_id: 'p1', contact_id: String(10_000 + seq), object_type: '0-1', member_id: 'm', hubspot_user_id: '1', owner_id: '1', kind,
      idempotency_key: id, request_hash: 'h', request: '{}', payload: '{}', marker: kind === 'properties' ? null : `portside-${id}`,
      status: 'pending', attempts: 0, next_attempt_at: createdAt, lease_owner: null, lease_expires_at: null, maybe_sent: 0, wait_reason: 'queued',
      last_error: null, hubspot_object_id: null, correlation_id: null, created_at: createdAt, updated_at: createdAt, delivered_at: null,
      access_checked_at: createdAt, checked_values: null,
    };
  };
  const insert = async (kind: OutboxKind, n: number, at: number) => {
    const rows = Array.from({ length: n }, () => row(kind, at));
    for (let i = 0; i < rows.length; i += 50) await db().insertInto('write_outbox').values(rows.slice(i, i + 50)).execute();
  };
  const round = (now: number) => claimRound(db(), e.db.handle.dialect, { portalId: 'p1', owner: `w-${randomUUID()}`, now, leaseMs: 60_000, perKind: 100, fillMs: 300, maxFillMs: 2_000 });
  const count = (rows: OutboxRow[], kind: OutboxKind) => rows.filter((r) => r.kind === kind).length;

  beforeEach(async () => {
    await db().deleteFrom('write_outbox').execute();
  });

  it('claims up to one batch of each kind and says when a kind had more', async () => {
    await insert('note', 250, 1_000);
    await insert('task', 30, 1_000);
    await insert('properties', 120, 1_000);
    const r = await round(5_000);
    expect([count(r.rows, 'note'), count(r.rows, 'task'), count(r.rows, 'properties')]).toEqual([100, 30, 100]);
    expect(r.full).toBe(true);
    const next = await round(5_000);
    expect([count(next.rows, 'note'), count(next.rows, 'task'), count(next.rows, 'properties')]).toEqual([100, 0, 20]);
  });

  it('holds a young partial batch until its oldest write has waited fillMs, but not a full one', async () => {
    await insert('note', 100, 10_000);
    await insert('task', 40, 10_000);
    const young = await round(10_100);
    expect([count(young.rows, 'note'), count(young.rows, 'task')]).toEqual([100, 0]);
    expect(young.heldUntil).toBe(10_300);
    const ripe = await round(10_300);
    expect(count(ripe.rows, 'task')).toBe(40);
    expect(ripe.full).toBe(false);
  });

  it('keeps holding a partial batch while writes keep arriving, but not past maxFillMs from the oldest', async () => {
    await insert('note', 10, 20_000);
    await insert('note', 10, 21_500);
    const arriving = await round(21_600);
    expect(count(arriving.rows, 'note')).toBe(0);
    expect(arriving.heldUntil).toBe(21_800);
    const overdue = await round(22_000);
    expect(count(overdue.rows, 'note')).toBe(20);
  });
});
