import type { Transaction, Updateable } from 'kysely';
import type { WriteError } from '../../../lib/contract/api/writes';
import { writeAudit } from '../../audit/write';
import type { Database, Db, OutboxRow, WriteOutboxTable } from '../../db/schema';
import { metrics, type DeliveryResult } from '../../metrics/recorder';
import { auditActionOf } from '../write-kinds/registry';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';

/**
 * Recording what happened to claimed writes. Every update is guarded by this instance's lease:
 * if the lease expired and another instance took the write over, a late answer here changes
 * nothing (the other instance reconciles by marker before it sends). Final outcomes commit
 * together with their audit row.
 */

type Trx = Transaction<Database>;

export interface Holder {
  owner: string;
  now(): number;
}

/** What a retry's wait reason means for the deliveries metric (a closed label set). */
const RETRY_RESULT: Record<string, DeliveryResult> = { rate_limited: 'rate_limited', needs_reconnect: 'needs_reconnect' };

/** Counted only once the guarded update took: a late answer under a lost lease changed nothing. */
function count(row: OutboxRow, result: DeliveryResult, settled: boolean): boolean {
  if (settled) metrics.delivery(row.kind, result);
  return settled;
}

async function guarded(trx: Trx, h: Holder, id: string, set: Updateable<WriteOutboxTable>): Promise<boolean> {
  const r = await trx
    .updateTable('write_outbox')
    .set(set)
    .where('id', '=', id)
    .where('lease_owner', '=', h.owner)
    .where('status', '=', 'delivering')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function audit(trx: Trx, row: OutboxRow, result: 'ok' | 'failed' | 'denied', details: Record<string, unknown>, correlationId: string | null, at: number) {
  return writeAudit(trx, {
    workspaceId: row.workspace_id,
    actorMemberId: row.member_id,
    actorHubspotUserId: row.hubspot_user_id,
    action: auditActionOf(row.kind, row.object_type),
    targetType: CRM_OBJECTS[row.object_type].singular,
    targetId: row.contact_id,
    result,
    details: { writeId: row.id, portalId: row.portal_id, objectType: row.object_type, attempts: row.attempts, ...details },
    correlationId,
    at,
  });
}

export async function markDone(db: Db, h: Holder, row: OutboxRow, r: { hubspotObjectId: string | null; correlationId: string | null; details: Record<string, unknown> }): Promise<boolean> {
  const now = h.now();
  return db.transaction().execute(async (trx) => {
    const ok = await guarded(trx, h, row.id, {
      status: 'done',
      delivered_at: now,
      updated_at: now,
      lease_owner: null,
      lease_expires_at: null,
      wait_reason: null,
      last_error: null,
      hubspot_object_id: r.hubspotObjectId,
      correlation_id: r.correlationId,
    });
    if (ok) await audit(trx, row, 'ok', { ...r.details, hubspotObjectId: r.hubspotObjectId }, r.correlationId, now);
    return ok;
  }).then((ok) => count(row, 'done', ok));
}

export async function markFailed(db: Db, h: Holder, row: OutboxRow, error: WriteError, opts: { denied?: boolean; details?: Record<string, unknown> } = {}): Promise<boolean> {
  const now = h.now();
  return db.transaction().execute(async (trx) => {
    const ok = await guarded(trx, h, row.id, {
      status: 'failed',
      updated_at: now,
      lease_owner: null,
      lease_expires_at: null,
      wait_reason: null,
      last_error: JSON.stringify(error),
      correlation_id: error.correlationId,
    });
    if (ok) await audit(trx, row, opts.denied ? 'denied' : 'failed', { ...opts.details, error: { code: error.code, message: error.message } }, error.correlationId, now);
    return ok;
  }).then((ok) => count(row, 'failed', ok));
}

/** Back to pending for a later attempt; `maybeSent` marks a create whose fate is unknown. */
export async function markRetry(db: Db, h: Holder, row: OutboxRow, r: { at: number; reason: string; error: WriteError | null; maybeSent?: boolean; refundAttempt?: boolean }): Promise<boolean> {
  const now = h.now();
  return db.transaction().execute((trx) =>
    guarded(trx, h, row.id, {
      status: 'pending',
      next_attempt_at: r.at,
      updated_at: now,
      lease_owner: null,
      lease_expires_at: null,
      wait_reason: r.reason,
      last_error: r.error ? JSON.stringify(r.error) : null,
      ...(r.maybeSent ? { maybe_sent: 1 } : {}),
      ...(r.refundAttempt ? { attempts: Math.max(0, row.attempts - 1) } : {}),
    }),
  ).then((ok) => count(row, RETRY_RESULT[r.reason] ?? 'retry', ok));
}

/** Marks creates as possibly sent, committed before the request leaves. */
export async function markMaybeSent(db: Db, h: Holder, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('write_outbox').set({ maybe_sent: 1 }).where('id', 'in', ids).where('lease_owner', '=', h.owner).execute();
}

/** Pushes this instance's leases forward while a long round (bisecting, waiting for budget) runs. */
export async function renewLeases(db: Db, h: Holder, ids: string[], leaseMs: number): Promise<boolean> {
  if (!ids.length) return true;
  const r = await db
    .updateTable('write_outbox')
    .set({ lease_expires_at: h.now() + leaseMs })
    .where('id', 'in', ids)
    .where('lease_owner', '=', h.owner)
    .where('status', '=', 'delivering')
    .where('lease_expires_at', '>', h.now())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === ids.length;
}
