import type { Insertable } from 'kysely';
import type { CrmObjectTypeId } from '../../../lib/contract/crm-objects';
import type { Db, OutboxRow, WriteOutboxTable } from '../../db/schema';

/** Outbox rows: insert, look up by id or idempotency key, list a record's writes, retry. */

export async function insertWrite(db: Db, row: Insertable<WriteOutboxTable>): Promise<void> {
  await db.insertInto('write_outbox').values(row).execute();
}

export async function findByKey(db: Db, workspaceId: string, memberId: string, key: string): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('write_outbox')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('member_id', '=', memberId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function getWrite(db: Db, workspaceId: string, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('write_outbox').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function listForRecord(db: Db, q: { workspaceId: string; portalId: string; objectType: CrmObjectTypeId; recordId: string; memberId: string | null; limit: number }): Promise<OutboxRow[]> {
  let query = db
    .selectFrom('write_outbox')
    .selectAll()
    .where('workspace_id', '=', q.workspaceId)
    .where('portal_id', '=', q.portalId)
    .where('object_type', '=', q.objectType)
    .where('contact_id', '=', q.recordId);
  if (q.memberId !== null) query = query.where('member_id', '=', q.memberId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

/** The member's writes still waiting for their first allowing access check (accepted pending it). */
export async function pendingChecksOf(db: Db, who: { workspaceId: string; memberId: string }): Promise<number> {
  const r = await db
    .selectFrom('write_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', who.workspaceId)
    .where('member_id', '=', who.memberId)
    .where('status', 'in', ['pending', 'delivering'])
    .where('access_checked_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A failed write back to pending; false when it is not failed (someone else retried it). */
export async function resetFailed(db: Db, workspaceId: string, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('write_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, wait_reason: null, last_error: null, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending and in-flight writes by portal, for metrics and the operator CLI. */
export async function backlog(db: Db): Promise<{ portal_id: string; status: string; n: number; oldest: number | null }[]> {
  const rows = await db
    .selectFrom('write_outbox')
    .select((eb) => ['portal_id', 'status', eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'delivering'])
    .groupBy(['portal_id', 'status'])
    .execute();
  return rows.map((r) => ({ portal_id: r.portal_id, status: r.status, n: Number(r.n), oldest: r.oldest === null ? null : Number(r.oldest) }));
}
