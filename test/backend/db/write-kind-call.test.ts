import { expect, it } from 'vitest';
import * as m0015 from '../../../backend/db/migrations/0015_write_kind_call';
import { migrateToLatest } from '../../../backend/db/migrate';
import type { OutboxRow } from '../../../backend/db/schema';
import { describeEngines } from '../helpers/engines';

/** Migration 0015: the outbox takes logged calls, keeps its rows, keys and CHECKs, on both engines. */

// Without 0016's object_type: the test takes the table down to 0015's shape and back.
const row = (id: string, kind: string, key = id): Omit<OutboxRow, 'object_type'> => ({
  id, workspace_id: 'w', portal_id: '1', contact_id: '2', member_id: 'm', hubspot_user_id: null, owner_id: null, kind: kind as OutboxRow['kind'],
  idempotency_key: key, request_hash: 'h', request: '{}', payload: '{}', marker: null, status: 'pending', attempts: 0, next_attempt_at: 1,
  lease_owner: null, lease_expires_at: null, maybe_sent: 0, wait_reason: null, last_error: null, hubspot_object_id: null, correlation_id: null,
  created_at: 1, updated_at: 1, delivered_at: null, access_checked_at: 5, checked_values: null,
});

describeEngines('migration 0015 (write kind call)', (ctx) => {
  it('accepts calls, still refuses unknown kinds and repeated keys, and keeps rows across down and up', async () => {
    await migrateToLatest(ctx.db.handle.db);
    const db = ctx.db.handle.db;
    await db.insertInto('write_outbox').values([row('a', 'note'), row('b', 'call')]).execute();
    await expect(db.insertInto('write_outbox').values(row('c', 'fax')).execute()).rejects.toThrow();
    await expect(db.insertInto('write_outbox').values(row('d', 'task', 'a')).execute()).rejects.toThrow();

    await m0015.down(ctx.db.handle.db as never);
    expect((await db.selectFrom('write_outbox').select(['id', 'access_checked_at']).execute()).map((r) => [r.id, Number(r.access_checked_at)])).toEqual([['a', 5]]);
    await expect(db.insertInto('write_outbox').values(row('e', 'call')).execute()).rejects.toThrow();

    await m0015.up(ctx.db.handle.db as never);
    await db.insertInto('write_outbox').values(row('f', 'call')).execute();
    expect((await db.selectFrom('write_outbox').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['a', 'f']);
    await expect(db.insertInto('write_outbox').values(row('g', 'note', 'f')).execute()).rejects.toThrow();
  });
});
