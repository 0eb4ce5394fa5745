import { engagementBody } from '../../hubspot/crm-batch';
import type { EngagementWriteKind } from '../../../lib/contract/api/writes';
import { CRM_OBJECTS } from '../../../lib/contract/crm-objects';
import { engagementOf } from '../write-kinds/registry';
import { disposition } from './classify';
import { settleFailure, type DeliveryContext } from './context';
import { mergeByRecord, recordKey } from './merge-edits';
import { markDone, markFailed, markMaybeSent, markRetry, renewLeases } from './outcome';
import type { PortError } from './ports';
import type { OutboxRow } from '../../db/schema';

/**
 * The batch calls, each of one kind on one CRM object (a batch update names its object in the
 * path). When HubSpot refuses a whole batch because of some of its inputs (a bad value, a
 * deleted record), the batch is split in halves until the culprits stand alone, so one
 * bad write never sinks the others. Portal-wide failures settle the whole batch at once.
 */

/**
 * Default claim lease. A live instance never loses its claims to expiry: the worker's heartbeat
 * renews them every third of a lease and each request renews them before it leaves, so the lease
 * need not cover a batch's worst case. What it does bound is how long writes of an instance that
 * died (kill -9, power loss) wait before another instance, or the restarted one, takes them over.
 */
export const LEASE_MS = 20_000;
const MARKER = /portside-[0-9a-f]{32}/;

const payloadOf = (row: OutboxRow): Record<string, string> => JSON.parse(row.payload) as Record<string, string>;

async function onBatchError(ctx: DeliveryContext, rows: OutboxRow[], e: PortError, correlationId: string | null, retry: (half: OutboxRow[]) => Promise<void>, maybeSent: boolean): Promise<void> {
  // Stopping while waiting for budget is not a failure: the rows stay held and are released.
  if (ctx.signal.aborted && !e.maybeProcessed) return;
  if (disposition(e) === 'per_write' && rows.length > 1) {
    const mid = Math.ceil(rows.length / 2);
    await retry(rows.slice(0, mid));
    await retry(rows.slice(mid));
    return;
  }
  await settleFailure(ctx, rows, e, correlationId, { maybeSent });
}

/** Property edits of records of one object (the caller groups them: deliver.ts). */
export async function sendProperties(ctx: DeliveryContext, rows: OutboxRow[]): Promise<void> {
  if (ctx.signal.aborted || !rows.length) return;
  const objectType = rows[0]!.object_type;
  if (rows.some((r) => r.object_type !== objectType)) throw new Error('a properties batch must be of one object');
  const ids = rows.map((r) => r.id);
  const ctl = { signal: ctx.signal, beforeSend: () => renewLeases(ctx.db, ctx.holder, ids, ctx.leaseMs) };
  // HubSpot refuses a batch naming a record twice, so edits of one record go as one input.
  const merged = mergeByRecord(rows, payloadOf);
  // The values just before the change, for the audit trail's before/after: as the access check that
  // cleared this delivery read them (deliver.ts), so the edit costs no read of its own. A record's
  // HubSpot values are what its writes' checks read (each read the properties its write edits);
  // merged writes then see the earlier edits as their "before".
  const current = new Map<string, Record<string, string | null>>();
  for (const r of rows) current.set(recordKey(r), { ...ctx.before.get(r.id), ...current.get(recordKey(r)) });
  const beforeByWrite = merged.beforeEach(current);
  const inputs = merged.inputs.map((i) => ({ id: i.id, properties: i.properties }));
  const res = await ctx.hubspot.updateRecords(ctx.workspaceId, objectType, inputs, ctl);
  if (!res.ok) return onBatchError(ctx, rows, res.error, res.meta.correlationId, (half) => sendProperties(ctx, half), false);
  await ctx.breaker.success(ctx.portalId);
  const missing = new Set(res.data.missing);
  for (const row of rows) {
    if (missing.has(row.contact_id) || !res.data.updated.some((u) => u.id === row.contact_id)) {
      await markFailed(ctx.db, ctx.holder, row, {
        code: 'record_not_found',
        message: `This ${CRM_OBJECTS[objectType].singular} no longer exists in HubSpot (deleted or merged), so the change was not saved.`,
        adminAction: null,
        retryable: false,
        correlationId: res.meta.correlationId,
      });
    } else {
      const after = payloadOf(row);
      const overriddenBy = merged.overriddenBy.get(row.id);
      const details = { before: beforeByWrite.get(row.id) ?? {}, after, ...(overriddenBy ? { overriddenBy } : {}) };
      await markDone(ctx.db, ctx.holder, row, { hubspotObjectId: null, correlationId: res.meta.correlationId, details });
    }
    ctx.held.delete(row.id);
  }
}

export async function sendCreates(ctx: DeliveryContext, kind: EngagementWriteKind, rows: OutboxRow[]): Promise<void> {
  if (ctx.signal.aborted || !rows.length) return;
  const spec = engagementOf(kind);
  const ids = rows.map((r) => r.id);
  if (!(await renewLeases(ctx.db, ctx.holder, ids, ctx.leaseMs))) {
    for (const id of ids) ctx.held.delete(id);
    return;
  }
  // Committed before the request leaves: if this process dies from here on, whoever takes the
  // writes over looks for them in HubSpot before sending again.
  await markMaybeSent(ctx.db, ctx.holder, ids);
  const res = await ctx.hubspot.createEngagements(ctx.workspaceId, spec.object, rows.map((r) => ({ recordId: r.contact_id, objectType: r.object_type, properties: payloadOf(r) })), {
    signal: ctx.signal,
    beforeSend: () => renewLeases(ctx.db, ctx.holder, ids, ctx.leaseMs),
  });
  if (!res.ok) return onBatchError(ctx, rows, res.error, res.meta.correlationId, (half) => sendCreates(ctx, kind, half), true);
  await ctx.breaker.success(ctx.portalId);
  // Batch answers are not guaranteed to follow the input order: match each result by its marker.
  const byMarker = new Map<string, string>();
  for (const r of res.data) {
    const m = MARKER.exec(engagementBody(spec.object, r.properties));
    if (m) byMarker.set(m[0], r.id);
  }
  for (const row of rows) {
    const id = row.marker ? byMarker.get(row.marker) : undefined;
    if (id) {
      const details = spec.doneDetails(payloadOf(row), row.request);
      await markDone(ctx.db, ctx.holder, row, { hubspotObjectId: id, correlationId: res.meta.correlationId, details });
    } else {
      // Answered, but not recognisably for this write: find out by marker next time.
      await markRetry(ctx.db, ctx.holder, row, { at: ctx.holder.now(), reason: 'retrying', error: null, maybeSent: true, refundAttempt: true });
    }
    ctx.held.delete(row.id);
  }
}
