import { ENGAGEMENT_KINDS, engagementOf, isEngagementKind } from '../write-kinds/registry';
import { disposition } from './classify';
import { settleFailure, type DeliveryContext } from './context';
import { refuseDisabledMembers } from './member-check';
import { markDone, markFailed } from './outcome';
import type { PortError } from './ports';
import { sendCreates, sendProperties } from './send';
import { recordChecked, reusableChecks } from './access-reuse';
import { CRM_OBJECTS, CRM_OBJECT_TYPE_IDS } from '../../../lib/contract/crm-objects';
import type { OutboxRow } from '../../db/schema';

/**
 * One delivery round for a portal's claimed writes: drop writes whose author was disabled since,
 * re-check each rep's access against the record as it is now, reconcile creates that may already exist, then send the rest coalesced
 * into batch calls (≤100 inputs each), one per (kind, CRM object): a batch update names its object
 * in the path, and an engagement batch stays one object so a failure tells whose it is.
 */

export const BATCH_LIMIT = 100;

export function chunk<T>(items: readonly T[], size = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Settles rows whose individual calls failed, grouped so the breaker counts one failure per cause. */
async function settleGrouped(ctx: DeliveryContext, failed: { row: OutboxRow; error: PortError }[], maybeSent: boolean): Promise<void> {
  const groups = new Map<string, { rows: OutboxRow[]; error: PortError }>();
  for (const f of failed) {
    const key = disposition(f.error) === 'per_write' ? `w:${f.row.id}` : f.error.code;
    const g = groups.get(key) ?? { rows: [], error: f.error };
    g.rows.push(f.row);
    groups.set(key, g);
  }
  for (const g of groups.values()) await settleFailure(ctx, g.rows, g.error, null, { maybeSent });
}

/**
 * One fresh access check per write per delivery: a recent allowing check serves it
 * (access-reuse.ts); the rest — writes accepted pending their check among them — are checked now,
 * all at once so the access service gathers them into batch reads. Property edits read the edited
 * properties with the check: those values are the audit's "before" (no read of their own).
 */
async function recheckAccess(ctx: DeliveryContext, all: OutboxRow[]): Promise<OutboxRow[]> {
  const now = ctx.holder.now();
  const reused = await reusableChecks(ctx.db, all, now, ctx.accessReuseMs);
  const keep: OutboxRow[] = [];
  const rows: OutboxRow[] = [];
  for (const r of all) {
    if (!reused.has(r.id)) rows.push(r);
    else {
      const values = reused.get(r.id);
      if (values) ctx.before.set(r.id, values);
      keep.push(r);
    }
  }
  const propertiesOf = (r: OutboxRow) => (r.kind === 'properties' ? Object.keys(JSON.parse(r.payload) as Record<string, string>) : []);
  const verdicts = await Promise.all(rows.map((r) => ctx.access.canEditFresh(r.workspace_id, r.member_id, { portalId: r.portal_id, objectType: r.object_type, recordId: r.contact_id }, { properties: propertiesOf(r) })));
  const failed: { row: OutboxRow; error: PortError }[] = [];
  const allowed: string[] = [];
  for (const [i, row] of rows.entries()) {
    const v = verdicts[i];
    if (!v) continue;
    if (!v.ok) failed.push({ row, error: v.error });
    else if (v.allowed) {
      keep.push(row);
      allowed.push(row.id);
      if (row.kind === 'properties') ctx.before.set(row.id, Object.fromEntries(propertiesOf(row).map((k) => [k, v.values?.[k] ?? null])));
    } else {
      await markFailed(
        ctx.db,
        ctx.holder,
        row,
        { code: 'access_denied', message: `Not sent: you can no longer edit this ${CRM_OBJECTS[row.object_type].singular}. ${v.message}`, adminAction: null, retryable: false, correlationId: null },
        { denied: true, details: { access: { code: v.code, message: v.message }, checkedAt: 'delivery', ...(row.access_checked_at === null ? { pendingCheck: true } : {}) } },
      );
      ctx.held.delete(row.id);
    }
  }
  await recordChecked(ctx.db, allowed, now);
  await settleGrouped(ctx, failed, false);
  return keep;
}

/** Creates that may have reached HubSpot already: look for their marker on the record first. */
async function reconcile(ctx: DeliveryContext, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const unsure = rows.filter((r) => isEngagementKind(r.kind) && r.maybe_sent === 1 && r.marker);
  if (!unsure.length) return rows;
  const groups = new Map<string, OutboxRow[]>();
  for (const r of unsure) {
    const key = `${r.kind}:${r.object_type}:${r.contact_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const resolved = new Set<string>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0]!;
      if (!isEngagementKind(first.kind)) return;
      const record = { objectType: first.object_type, recordId: first.contact_id };
      const found = await ctx.hubspot.findByMarkers(ctx.workspaceId, engagementOf(first.kind).object, record, group.map((r) => r.marker!), { signal: ctx.signal });
      if (!found.ok) {
        await settleFailure(ctx, group, found.error, found.meta.correlationId, { maybeSent: true });
        for (const r of group) resolved.add(r.id);
        return;
      }
      for (const r of group) {
        const id = found.data.get(r.marker!);
        if (!id) continue;
        // HubSpot already has it (the earlier answer was lost): record, never send twice.
        await markDone(ctx.db, ctx.holder, r, { hubspotObjectId: id, correlationId: found.meta.correlationId, details: { reconciled: true } });
        ctx.held.delete(r.id);
        resolved.add(r.id);
      }
    }),
  );
  return rows.filter((r) => !resolved.has(r.id));
}

export async function deliverRound(ctx: DeliveryContext, rows: OutboxRow[]): Promise<void> {
  for (const r of rows) ctx.held.add(r.id);
  const allowed = await recheckAccess(ctx, await refuseDisabledMembers(ctx, rows));
  if (ctx.signal.aborted) return;
  const toSend = await reconcile(ctx, allowed);
  if (ctx.signal.aborted) return;
  const ofObject = (kind: OutboxRow['kind']) => CRM_OBJECT_TYPE_IDS.map((t) => toSend.filter((r) => r.kind === kind && r.object_type === t));
  // Every batch runs to its end even if another one throws (the database went away while
  // recording): the round's leftovers are released only when none of its requests is still on
  // the wire, so a released create can never be re-sent while its first send is in flight.
  const settled = await Promise.allSettled([
    ...ofObject('properties').flatMap((rows) => chunk(rows).map((b) => sendProperties(ctx, b))),
    ...ENGAGEMENT_KINDS.flatMap((kind) => ofObject(kind).flatMap((rows) => chunk(rows).map((b) => sendCreates(ctx, kind, b)))),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
